import KubeModel

extension APIHandler {
  /// A watch as a chunked stream of newline-delimited events; with the Table Accept header
  /// each event's object is a one-row Table. `timeoutSeconds` ends the stream.
  func watch(_ resource: ResourceType, namespace: String?, _ request: HTTPRequest) throws -> HTTPResponse {
    let objectType = try adapter.type(of: resource)
    let options = listOptions(request)
    let asTable = TableEncoding.wantsTable(request.header("Accept"))
    let timeout = request.parameter("timeoutSeconds").flatMap(Double.init)
    func typed<T: KubeObject>(_ type: T.Type) -> AsyncStream<[UInt8]> {
      let source = adapter.client.watch(T.self, namespace: namespace, options: options)
      return encodedEvents(of: source, resource: resource, asTable: asTable, include: includeObject(request), timeout: timeout)
    }
    let contentType = asTable ? "application/json;as=Table;v=v1;g=meta.k8s.io" : "application/json"
    if resource == .horizontalpodautoscalersV1 {
      // Watched as stored, each object converted.
      let source = AutoscalingV1.converting(adapter.client.watch(HorizontalPodAutoscaler.self, namespace: namespace, options: options))
      let chunks = encodedEvents(of: source, resource: resource, asTable: asTable, include: includeObject(request), timeout: timeout)
      return .stream(status: 200, headers: [("Content-Type", contentType)], chunks: chunks)
    }
    return .stream(status: 200, headers: [("Content-Type", contentType)], chunks: typed(objectType))
  }

  /// The events of `source` as JSON lines. The encoder reads the cluster's (bounded) watch
  /// stream directly, with no buffer in between, so how far the client is behind is
  /// counted in one of two bounded places: the cluster's buffer (which closes the watch
  /// with 410 Gone when full) or the encoded lines waiting for the connection (closed the
  /// same way here).
  private func encodedEvents<T: KubeObject>(
    of source: AsyncThrowingStream<WatchEvent<T>, any Error>, resource: ResourceType, asTable: Bool,
    include: TableEncoding.IncludeObject, timeout: Double?
  ) -> AsyncStream<[UInt8]> {
    let clock = self.clock
    let limit = Self.watchSendLimit
    // One slot more than the limit: room for the ERROR event that closes a slow stream.
    return AsyncStream<[UInt8]>(bufferingPolicy: .bufferingOldest(limit + 1)) { continuation in
      let task = Task {
        var first = true
        do {
          for try await event in source {
            let encoder = DirectJSONEncoder()
            encoder.appendRaw("{\"type\":")
            JSONBytes.appendQuoted(event.type.rawValue, to: &encoder.output)
            encoder.appendRaw(",\"object\":")
            if asTable && event.type != .bookmark {
              encoder.appendJSON(
                TableEncoding.table(
                  resource: resource, objects: [event.object as any KubeObject], now: clock(),
                  resourceVersion: event.object.metadata.resourceVersion, include: include, withColumns: first))
              first = false
            } else if (try? encoder.append(event.object)) == nil {
              encoder.appendRaw("null")
            }
            encoder.appendRaw("}\n")
            if case .enqueued(let remaining) = continuation.yield(encoder.output), remaining <= 1 {
              // The client reads slower than the cluster changes: close it with an error
              // rather than hold events for it without bound.
              continuation.yield(Self.errorEvent(Self.slowWatch(resource, limit: limit)))
              break
            }
          }
        } catch let status as Status {
          continuation.yield(Self.errorEvent(status))
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
  }

  /// How many encoded events a watch holds for a client that reads slowly before the
  /// stream is closed with an ERROR event (the cluster's watch hub bounds its side alike).
  static var watchSendLimit: Int { 10_000 }

  /// The ERROR event line carrying `status`.
  static func errorEvent(_ status: Status) -> [UInt8] {
    let encoder = DirectJSONEncoder()
    encoder.appendRaw("{\"type\":\"ERROR\",\"object\":")
    if (try? encoder.append(status)) == nil { encoder.appendRaw("null") }
    encoder.appendRaw("}\n")
    return encoder.output
  }

  /// Why a watch whose client fell `limit` events behind was closed: 410 Gone, so the
  /// client lists again.
  static func slowWatch(_ resource: ResourceType, limit: Int) -> Status {
    Status(
      message: "watch of \(resource.groupResource) closed: the client fell \(limit) events behind "
        + "and was dropped; list again and watch from the new resourceVersion",
      reason: .gone, code: 410)
  }
}
