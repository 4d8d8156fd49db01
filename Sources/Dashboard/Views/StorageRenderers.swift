import KubeModel
import TerminalUI

/// The PersistentVolumes view, as `kubectl get pv`: CAPACITY, ACCESS MODES, RECLAIM
/// POLICY, STATUS, CLAIM, STORAGECLASS and AGE.
public enum VolumeRenderer: ResourceRenderer {
  public static let resource = ResourceType.persistentvolumes
  public static let columns: [ViewColumn] = [
    nameColumn, ViewColumn("CAPACITY", alignment: .right, priority: 6), ViewColumn("ACCESS MODES", priority: 3),
    ViewColumn("RECLAIM POLICY", priority: 3), ViewColumn("STATUS", priority: 8), ViewColumn("CLAIM", priority: 5),
    ViewColumn("STORAGECLASS", priority: 3), ageColumn,
  ]
  public static func store(in cache: InformerCache) -> ObjectStore<PersistentVolume> { cache.volumes }

  public static func cells(_ volume: PersistentVolume, context: RenderContext) -> [String] {
    let claim = volume.spec?.claimRef.map { "\($0.namespace ?? "")/\($0.name ?? "")" } ?? ""
    return [
      volume.name, volume.spec?.capacity?["storage"]?.description ?? "",
      ClaimRenderer.accessModes(volume.spec?.accessModes ?? []), volume.spec?.persistentVolumeReclaimPolicy ?? "Retain",
      volume.status?.phase ?? "Pending", claim, volume.spec?.storageClassName ?? "", age(volume, context),
    ]
  }

  public static func role(_ volume: PersistentVolume, context: RenderContext) -> ColorRole {
    switch volume.status?.phase {
    case "Bound", "Available": return .rowNormal
    case "Failed": return .statusError
    default: return .statusPending
    }
  }
}

/// The StorageClasses view, as `kubectl get sc`: the default class marked `(default)`.
public enum StorageClassRenderer: ResourceRenderer {
  public static let resource = ResourceType.storageclasses
  public static let columns: [ViewColumn] = [
    nameColumn, ViewColumn("PROVISIONER", priority: 6), ViewColumn("RECLAIMPOLICY", priority: 4),
    ViewColumn("VOLUMEBINDINGMODE", priority: 5), ageColumn,
  ]
  public static func store(in cache: InformerCache) -> ObjectStore<StorageClass> { cache.storageClasses }

  public static func cells(_ storageClass: StorageClass, context: RenderContext) -> [String] {
    let isDefault = storageClass.metadata.annotations?["storageclass.kubernetes.io/is-default-class"] == "true"
    return [
      storageClass.name + (isDefault ? " (default)" : ""), storageClass.provisioner ?? "",
      storageClass.reclaimPolicy ?? "Delete", storageClass.volumeBindingMode ?? "Immediate", age(storageClass, context),
    ]
  }
}

extension ClaimRenderer {
  /// `RWO,ROX`: access modes as kubectl abbreviates them.
  static func accessModes(_ modes: [String]) -> String {
    modes.map { mode -> String in
      switch mode {
      case "ReadWriteOnce": return "RWO"
      case "ReadOnlyMany": return "ROX"
      case "ReadWriteMany": return "RWX"
      case "ReadWriteOncePod": return "RWOP"
      default: return mode
      }
    }.joined(separator: ",")
  }
}
