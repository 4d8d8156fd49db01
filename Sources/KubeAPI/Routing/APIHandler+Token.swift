import Foundation
import KubeModel

/// `kubectl create token SA`: a TokenRequest for a service account, answered with a token
/// shaped as the API server's (a JWT whose claims name the account, its namespace and UID,
/// the audiences and the expiry). Its signature is simulated: nothing here verifies tokens.
extension APIHandler {
  static let defaultAudience = "https://kubernetes.default.svc.cluster.local"

  func createToken(namespace: String, serviceAccount name: String, _ request: HTTPRequest) async throws -> HTTPResponse {
    let account = try await client.get(ServiceAccount.self, namespace: namespace, name: name)
    let body = request.body.isEmpty ? JSONValue.emptyObject : try bodyNode(request, resource: .serviceaccounts).jsonValue
    let spec = body["spec"]
    let seconds = spec?["expirationSeconds"]?.intValue ?? 3600
    func invalid(_ detail: String) -> Status {
      Status(
        message: "TokenRequest.authentication.k8s.io \"\(name)\" is invalid: spec.expirationSeconds: Invalid value: \(seconds): \(detail)",
        reason: .invalid, code: 422)
    }
    guard seconds >= 600 else { throw invalid("may not specify a duration less than 10 minutes") }
    guard seconds <= 1 << 32 else { throw invalid("may not specify a duration larger than 2^32 seconds") }
    let audiences = spec?["audiences"]?.arrayValue?.compactMap(\.stringValue).filter { !$0.isEmpty } ?? []
    let now = clock().seconds
    let expiry = Time(seconds: now + seconds)
    let token = Self.serviceAccountToken(
      namespace: namespace, name: name, uid: account.metadata.uid ?? "",
      audiences: audiences.isEmpty ? [Self.defaultAudience] : audiences, issuedAt: now, expiresAt: expiry.seconds)
    let answer: JSONValue = [
      "kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
      "metadata": ["name": .string(name), "namespace": .string(namespace), "creationTimestamp": .null],
      "spec": [
        "audiences": .array((audiences.isEmpty ? [Self.defaultAudience] : audiences).map(JSONValue.string)),
        "expirationSeconds": .int(seconds), "boundObjectRef": .null,
      ],
      "status": ["token": .string(token), "expirationTimestamp": .string(expiry.description)],
    ]
    return .json(answer, status: 201)
  }

  /// A JWT as the API server issues for a service account: base64url header, claims and a
  /// (simulated, deterministic) RS256 signature.
  static func serviceAccountToken(
    namespace: String, name: String, uid: String, audiences: [String], issuedAt: Int64, expiresAt: Int64
  ) -> String {
    var digest = TokenBytes(seed: "\(namespace)/\(name)/\(uid)/\(issuedAt)/\(expiresAt)")
    let keyID = base64URL(digest.bytes(32))
    let header: JSONValue = ["alg": "RS256", "kid": .string(keyID)]
    let id = digest.bytes(16).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    let jti = "\(id.prefix(8))-\(id.dropFirst(8).prefix(4))-\(id.dropFirst(12).prefix(4))-\(id.dropFirst(16).prefix(4))-\(id.suffix(12))"
    let claims: JSONValue = [
      "aud": .array(audiences.map(JSONValue.string)), "exp": .int(expiresAt), "iat": .int(issuedAt),
      "iss": .string(defaultAudience), "jti": .string(jti),
      "kubernetes.io": ["namespace": .string(namespace), "serviceaccount": ["name": .string(name), "uid": .string(uid)]],
      "nbf": .int(issuedAt), "sub": .string("system:serviceaccount:\(namespace):\(name)"),
    ]
    let signature = digest.bytes(256)
    return [JSONWriter.write(header), JSONWriter.write(claims)].map { base64URL(Array($0.utf8)) }.joined(separator: ".")
      + "." + base64URL(signature)
  }

  /// Base64 with the URL alphabet and no padding, as JWTs write it.
  static func base64URL(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
  }
}

/// A deterministic stream of bytes from a seed string (splitmix64 over its FNV-1a hash):
/// the simulated token's key ID, token ID and signature.
struct TokenBytes {
  private var state: UInt64

  init(seed: String) {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in seed.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
    state = hash
  }

  mutating func bytes(_ count: Int) -> [UInt8] {
    var result: [UInt8] = []
    while result.count < count {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      z ^= z >> 31
      for shift in stride(from: 0, to: 64, by: 8) where result.count < count { result.append(UInt8(z >> UInt64(shift) & 0xFF)) }
    }
    return result
  }
}
