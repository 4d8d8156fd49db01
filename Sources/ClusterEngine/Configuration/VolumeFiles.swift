import KubeModel

/// The files a container sees through its ConfigMap and Secret volumes: one file per key
/// (or per `items` entry, at its `path`) under the mount path, Secret values decoded.
public enum VolumeFiles {
  /// One projected file.
  public struct File: Hashable, Sendable {
    /// The absolute path inside the container (`/etc/config/game.properties`).
    public var path: String
    public var content: String
    /// The volume it comes from.
    public var volume: String
  }

  /// Every ConfigMap and Secret file mounted into `container`, sorted by path. A missing
  /// ConfigMap, Secret or item key that is not optional is the kubelet's mount error.
  public static func files(pod: Pod, container: Container, store: ObjectStore) throws(ConfigError) -> [File] {
    let namespace = pod.metadata.namespace ?? "default"
    let volumes = Dictionary((pod.spec?.volumes ?? []).map { ($0.name ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    var files: [File] = []
    for mount in container.volumeMounts ?? [] {
      guard let name = mount.name, let volume = volumes[name], let mountPath = mount.mountPath else { continue }
      var data: [String: String]?
      var items: [KeyToPath]?
      var optional = false
      var missing: ConfigError?
      if let source = volume.configMap, let mapName = source.name {
        data = store.get(ConfigMap.self, namespace: namespace, name: mapName)?.data
        (items, optional) = (source.items, source.optional == true)
        missing = .configMapNotFound(name: mapName)
        if data == nil, !optional { throw .configMapNotFound(name: mapName) }
      } else if let source = volume.secret, let secretName = source.secretName {
        data = store.get(Secret.self, namespace: namespace, name: secretName).map(ContainerConfig.decoded)
        (items, optional) = (source.items, source.optional == true)
        missing = .secretNotFound(name: secretName)
        if data == nil, !optional { throw .secretNotFound(name: secretName) }
      } else {
        continue
      }
      guard let data else { continue }
      let base = mountPath.hasSuffix("/") ? String(mountPath.dropLast()) : mountPath
      if let items {
        for item in items {
          guard let key = item.key else { continue }
          guard let content = data[key] else {
            if optional { continue }
            switch missing {
            case .secretNotFound(let secret)?:
              throw .secretKeyNotFound(key: key, namespace: namespace, name: secret)
            case .configMapNotFound(let map)?:
              throw .configMapKeyNotFound(key: key, namespace: namespace, name: map)
            default:
              continue
            }
          }
          files.append(File(path: "\(base)/\(item.path ?? key)", content: content, volume: name))
        }
      } else {
        for key in data.keys.sorted() {
          files.append(File(path: "\(base)/\(key)", content: data[key] ?? "", volume: name))
        }
      }
    }
    return files.sorted { $0.path < $1.path }
  }
}
