import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// A self-signed serving certificate made at start-up, for an API server other machines
/// reach: kubectl sends a bearer token only over TLS, and trusts this certificate through the
/// kubeconfig's `certificate-authority-data`. A fresh P-256 key each run; never written to disk
/// except inside the kubeconfig (the certificate, not the key).
public struct ServingCertificate: Sendable {
  /// The certificate, PEM-encoded (what the kubeconfig carries).
  public let certificatePEM: String
  /// The names and addresses it is valid for.
  public let dnsNames: [String]
  public let ipAddresses: [String]
  private let keyPEM: String

  /// Makes a certificate for `dnsNames` and `ipAddresses` (dotted IPv4 or IPv6 text; any that
  /// does not parse is left out), valid from an hour ago for a year.
  public init(dnsNames: [String], ipAddresses: [String], now: Date = Date()) throws {
    let key = P256.Signing.PrivateKey()
    let name = try DistinguishedName { CommonName("kubedeck") }
    var alternatives: [GeneralName] = dnsNames.map { .dnsName($0) }
    var addresses: [String] = []
    for text in ipAddresses {
      guard let bytes = Self.addressBytes(text) else { continue }
      alternatives.append(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes))))
      addresses.append(text)
    }
    let extensions = try Certificate.Extensions {
      Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
      Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
      try ExtendedKeyUsage([.serverAuth])
      SubjectAlternativeNames(alternatives)
    }
    let certificate = try Certificate(
      version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
      notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(365 * 86_400),
      issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions,
      issuerPrivateKey: .init(key))
    certificatePEM = try certificate.serializeAsPEM().pemString
    keyPEM = key.pemRepresentation
    self.dnsNames = dnsNames
    self.ipAddresses = addresses
  }

  /// The TLS context a server presents it with (HTTP/1.1 only, as the API's handlers speak).
  public func serverContext() throws -> NIOSSLContext {
    var configuration = TLSConfiguration.makeServerConfiguration(
      certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem))],
      privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem)))
    configuration.applicationProtocols = ["http/1.1"]
    return try NIOSSLContext(configuration: configuration)
  }

  /// The bytes of an IPv4 or IPv6 address in text, or nil (a name).
  public static func addressBytes(_ text: String) -> [UInt8]? {
    var v4 = in_addr()
    if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
    var v6 = in6_addr()
    if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
    return nil
  }

  /// The addresses of this machine's network interfaces (IPv4 and IPv6), loopback included.
  public static func interfaceAddresses() -> [String] {
    var list: UnsafeMutablePointer<ifaddrs>?
    guard getifaddrs(&list) == 0 else { return [] }
    defer { freeifaddrs(list) }
    var found: [String] = []
    var entry = list
    while let current = entry {
      defer { entry = current.pointee.ifa_next }
      guard let address = current.pointee.ifa_addr else { continue }
      let family = Int32(address.pointee.sa_family)
      guard family == AF_INET || family == AF_INET6 else { continue }
      var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
      let length = socklen_t(family == AF_INET ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
      guard getnameinfo(address, length, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST) == 0 else { continue }
      let name = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      // A link-local IPv6 address carries its interface (`fe80::1%eth0`): not a certificate name.
      if !name.contains("%"), !found.contains(name) { found.append(name) }
    }
    return found
  }
}
