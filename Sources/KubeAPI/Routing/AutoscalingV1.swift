import KubeModel

/// Serving `autoscaling/v1` autoscalers over the stored `autoscaling/v2` ones: reads are
/// converted on the way out, writes on the way in (`HorizontalPodAutoscalerV1`).
enum AutoscalingV1 {
  /// The resources served in a version other than the stored one.
  static let otherVersions: [ResourceType] = [.horizontalpodautoscalersV1]

  /// `objects` of `resource` in their stored version (what the printers read).
  static func stored(_ resource: ResourceType, _ objects: [any KubeObject]) -> (resource: ResourceType, objects: [any KubeObject]) {
    guard resource == .horizontalpodautoscalersV1 else { return (resource, objects) }
    return (.horizontalpodautoscalers, objects.map { ($0 as? HorizontalPodAutoscalerV1)?.v2 ?? $0 })
  }

  /// A watch of stored autoscalers as v1 ones.
  static func converting(
    _ source: AsyncThrowingStream<WatchEvent<HorizontalPodAutoscaler>, any Error>
  ) -> AsyncThrowingStream<WatchEvent<HorizontalPodAutoscalerV1>, any Error> {
    AsyncThrowingStream { continuation in
      let task = Task {
        do {
          for try await event in source {
            continuation.yield(WatchEvent(type: event.type, object: HorizontalPodAutoscalerV1(event.object)))
          }
          continuation.finish()
        } catch {
          continuation.finish(throwing: error)
        }
      }
      continuation.onTermination = { _ in task.cancel() }
    }
  }

  /// The stored autoscaler a v1 write makes of `current`: what v1 says (target, bounds,
  /// CPU target), and what it cannot say kept (other metrics, scaling behaviour, status).
  static func updated(_ older: HorizontalPodAutoscalerV1, from current: HorizontalPodAutoscaler) -> HorizontalPodAutoscaler {
    var autoscaler = older.v2
    let others = current.spec?.metrics?.filter { !$0.isCPU } ?? []
    if var spec = autoscaler.spec {
      spec.metrics = (spec.metrics ?? []) + others
      spec.behavior = current.spec?.behavior
      autoscaler.spec = spec
    }
    autoscaler.status = current.status
    return autoscaler
  }

  /// `older` with `patch` applied to its v1 form.
  static func patched(_ older: HorizontalPodAutoscalerV1, with patch: Patch) throws -> HorizontalPodAutoscalerV1 {
    let original = try ValueEncoder.encode(older)
    let result: JSONValue
    do throws(PatchError) {
      result = try patch.applied(to: original, resource: .horizontalpodautoscalers)
    } catch {
      throw Status(message: error.description, reason: .invalid, code: 422)
    }
    do {
      return try StrictDecoder(rejectsUnknownFields: false).decode(HorizontalPodAutoscalerV1.self, from: result)
    } catch {
      throw APIHandler.cannotBeHandled(.horizontalpodautoscalersV1, error.description)
    }
  }
}
