/// What the containers of one pod wrote through the simulated shell, kept by the kubelet
/// with the pod: each container's writable layer, which lasts as long as that container
/// (a restart starts a new container from its image, without it), and the contents of the
/// pod's emptyDir volumes, which last as long as the pod and are shared by every container
/// that mounts them. The kubelet keeps one more, for storage that outlives pods: a
/// PersistentVolume's contents (by `pv/NAME`) and a host path's (by `host/NODE/PATH`).
final class WrittenFiles {
  /// One written path: a file, a directory, or a path of the image that was removed.
  enum Entry: Hashable {
    case file(String)
    case directory
    case removed
  }

  /// A container's writable layer, and the container (its ID) it belongs to.
  struct Layer {
    var containerID: String
    var entries: [String: Entry] = [:]
  }

  /// Writable layers by container name.
  var layers: [String: Layer] = [:]
  /// Volume contents by volume name, under paths relative to the volume (`/a/b`).
  var volumes: [String: [String: Entry]] = [:]

  /// The layer of the container `name` while it runs as `containerID`: a layer left by an
  /// earlier container of that name is gone.
  func layer(_ name: String, containerID: String) -> [String: Entry] {
    guard let layer = layers[name], layer.containerID == containerID else { return [:] }
    return layer.entries
  }

  /// Records `entry` at `path` in the layer of the container `name` running as `containerID`.
  func record(_ entry: Entry, at path: String, container name: String, containerID: String) {
    if layers[name]?.containerID != containerID { layers[name] = Layer(containerID: containerID) }
    layers[name]?.entries[path] = entry
  }

  /// Records `entry` at `path` (relative) in the volume `name`; removing deletes the path.
  func record(_ entry: Entry, at path: String, volume name: String) {
    volumes[name, default: [:]][path] = entry == .removed ? nil : entry
  }
}
