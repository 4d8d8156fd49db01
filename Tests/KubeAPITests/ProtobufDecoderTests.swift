import KubeModel
import Testing

@testable import KubeAPI

@Suite struct ProtobufDecoderTests {
  /// The body `kubectl create deployment webserver --image=nginx:1.14 --replicas=2 --port=80` sends.
  static let createDeployment =
    "6b3873000a150a07617070732f7631120a4465706c6f796d656e7412d5010a2b0a0977656273657276657212001a0022002a003200380042005a100a036170701209776562736572766572129701080212120a100a0361707012097765627365727665721a770a220a0012001a0022002a003200380042005a100a036170701209776562736572766572125112330a056e67696e78120a6e67696e783a312e31342a00320a0a001000185022002a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200"

  static func bytes(_ hex: String) -> [UInt8] {
    var result: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
      let next = hex.index(index, offsetBy: 2)
      result.append(UInt8(hex[index..<next], radix: 16) ?? 0)
      index = next
    }
    return result
  }

  @Test func decodesKubectlCreateDeployment() throws {
    let json = try ProtobufDecoder.decodeEnvelope(Self.bytes(Self.createDeployment))
    #expect(json["apiVersion"] == "apps/v1")
    #expect(json["kind"] == "Deployment")
    let deployment = try StrictDecoder().decode(Deployment.self, from: json)
    #expect(deployment.metadata.name == "webserver")
    #expect(deployment.metadata.labels == ["app": "webserver"])
    #expect(deployment.spec?.replicas == 2)
    #expect(deployment.spec?.selector?.matchLabels == ["app": "webserver"])
    let container = try #require(deployment.spec?.template?.spec?.containers?.first)
    #expect(container.name == "nginx")
    #expect(container.image == "nginx:1.14")
    #expect(container.ports?.first?.containerPort == 80)
    #expect(deployment.metadata.creationTimestamp == nil)
  }

  @Test func rejectsBodiesWithoutTheEnvelope() {
    #expect(throws: ProtobufDecoder.DecodeError.self) { try ProtobufDecoder.decodeEnvelope([1, 2, 3]) }
    #expect(throws: ProtobufDecoder.DecodeError.self) {
      try ProtobufDecoder.decodeEnvelope(Array(Self.bytes(Self.createDeployment).prefix(40)))
    }
  }
}
