import Foundation
import KubeModel

/// The review endpoints behind `kubectl auth`: `can-i` (a SelfSubjectAccessReview, or a
/// SelfSubjectRulesReview with `--list`) and `whoami` (a SelfSubjectReview). The embedded
/// cluster has one user, its administrator, allowed everything, as the `kubernetes-admin`
/// of a kubeadm cluster is. Reviews are answered, never stored.
extension APIHandler {
  /// The user every request acts as.
  static let userName = "kubernetes-admin"
  static let userGroups = ["kubeadm:cluster-admins", "system:authenticated"]

  /// The answer to a review `POST`, or nil when `request` is not one.
  func review(_ request: HTTPRequest) -> HTTPResponse? {
    guard request.method == "POST" else { return nil }
    switch request.path {
    case "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews":
      return Self.reviewAnswer(
        kind: "SelfSubjectAccessReview", apiVersion: "authorization.k8s.io/v1", spec: Self.spec(of: request),
        status: ["allowed": true])
    case "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews":
      return Self.reviewAnswer(
        kind: "SelfSubjectRulesReview", apiVersion: "authorization.k8s.io/v1", spec: Self.spec(of: request),
        status: [
          "resourceRules": [["verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]]],
          "nonResourceRules": [["verbs": ["*"], "nonResourceURLs": ["*"]]],
          "incomplete": false,
        ])
    case "/apis/authentication.k8s.io/v1/selfsubjectreviews":
      let groups = JSONValue.array(Self.userGroups.map { .string($0) })
      return Self.reviewAnswer(
        kind: "SelfSubjectReview", apiVersion: "authentication.k8s.io/v1", spec: nil,
        status: ["userInfo": ["username": .string(Self.userName), "groups": groups]])
    default:
      return nil
    }
  }

  /// The review sent back, as the API server does: the spec as asked, the status filled in.
  static func reviewAnswer(kind: String, apiVersion: String, spec: JSONValue?, status: JSONValue) -> HTTPResponse {
    var members: [(String, JSONValue)] = [
      ("kind", .string(kind)), ("apiVersion", .string(apiVersion)), ("metadata", ["creationTimestamp": .null]),
    ]
    if let spec { members.append(("spec", spec)) }
    members.append(("status", status))
    return .json(.object(.init(uniqueKeysWithValues: members)), status: 201)
  }

  /// The request's `spec` when it came as JSON (kubectl's typed clients may send protobuf,
  /// whose spec is not needed for the answer).
  static func spec(of request: HTTPRequest) -> JSONValue {
    guard request.header("Content-Type")?.hasPrefix("application/json") ?? true,
      case .object(let members)? = try? JSONDecoder().decode(JSONValue.self, from: Data(request.body)),
      let spec = members["spec"]
    else { return .emptyObject }
    return spec
  }
}
