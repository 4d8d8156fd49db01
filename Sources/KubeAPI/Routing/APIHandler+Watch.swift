import KubeModel

extension APIHandler {
  /// A watch as a chunked stream of newline-delimited events; with the Table Accept header
  /// each event's object is a one-row Table. `timeoutSeconds` ends the stream.
  func watch(_ resource: ResourceType, namespace: String?, _ request: HTTPRequest) throws -> HTTPResponse {
    let source = try adapter.watch(resource, namespace: namespace, options: listOptions(request))
    let asTable = TableEncoding.wantsTable(request.header("Accept"))
    let include = includeObject(request)
    let timeout = request.parameter("timeoutSeconds").flatMap(Double.init)
    let clock = self.clock
    let chunks = AsyncStream<[UInt8]> { continuation in
      let task = Task {
        var first = true
        do {
          for try await (type, object) in source {
            let encoded: JSONValue
            if asTable && type != .bookmark {
              encoded = TableEncoding.table(
                resource: resource, objects: [object], now: clock(), resourceVersion: object.metadata.resourceVersion,
                include: include, withColumns: first)
              first = false
            } else {
              encoded = (try? ValueEncoder.encode(object)) ?? .null
            }
            let event: JSONValue = ["type": .string(type.rawValue), "object": encoded]
            continuation.yield(Array((JSONWriter.write(event) + "\n").utf8))
          }
        } catch let status as Status {
          let event: JSONValue = ["type": "ERROR", "object": (try? ValueEncoder.encode(status)) ?? .null]
          continuation.yield(Array((JSONWriter.write(event) + "\n").utf8))
        } catch {}
        continuation.finish()
      }
      let timer: Task<Void, Never>? =
        if let timeout, timeout > 0 {
          Task {
            try? await Task.sleep(for: .seconds(timeout))
            task.cancel()
            continuation.finish()
          }
        } else {
          nil
        }
      continuation.onTermination = { _ in
        task.cancel()
        timer?.cancel()
      }
    }
    let contentType = asTable ? "application/json;as=Table;v=v1;g=meta.k8s.io" : "application/json"
    return .stream(status: 200, headers: [("Content-Type", contentType)], chunks: chunks)
  }
}
