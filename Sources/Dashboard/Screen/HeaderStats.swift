import KubeModel

/// Counts for the header (nodes ready, pods running), recomputed only when the cache changed.
struct HeaderStats {
  var nodesReady = 0
  var nodesTotal = 0
  var podsRunning = 0
  var podsTotal = 0
  private var nodeGeneration = -1
  private var podGeneration = -1

  mutating func update(from cache: InformerCache) {
    if cache.nodes.generation != nodeGeneration {
      nodeGeneration = cache.nodes.generation
      nodesTotal = cache.nodes.count
      nodesReady = cache.nodes.objects.values.reduce(0) { count, entry in
        count + (entry.object.status?.condition("Ready")?.status == "True" ? 1 : 0)
      }
    }
    if cache.pods.generation != podGeneration {
      podGeneration = cache.pods.generation
      podsTotal = cache.pods.count
      podsRunning = cache.podIndex.runningCount
    }
  }
}
