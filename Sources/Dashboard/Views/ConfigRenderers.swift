import KubeModel
import TerminalUI

/// The ConfigMaps view: DATA count and AGE.
public enum ConfigMapRenderer: ResourceRenderer {
  public static let resource = ResourceType.configmaps
  public static let columns: [ViewColumn] = [
    namespaceColumn, nameColumn, ViewColumn("DATA", alignment: .right, priority: 7), ageColumn,
  ]
  public static func store(in cache: InformerCache) -> ObjectStore<ConfigMap> { cache.configMaps }

  public static func cells(_ map: ConfigMap, context: RenderContext) -> [String] {
    [map.namespace, map.name, "\((map.data?.count ?? 0) + (map.binaryData?.count ?? 0))", age(map, context)]
  }
}

/// The Secrets view: TYPE, DATA count and AGE (never the values).
public enum SecretRenderer: ResourceRenderer {
  public static let resource = ResourceType.secrets
  public static let columns: [ViewColumn] = [
    namespaceColumn, nameColumn, ViewColumn("TYPE", priority: 6), ViewColumn("DATA", alignment: .right, priority: 7),
    ageColumn,
  ]
  public static func store(in cache: InformerCache) -> ObjectStore<Secret> { cache.secrets }

  public static func cells(_ secret: Secret, context: RenderContext) -> [String] {
    [
      secret.namespace, secret.name, secret.type ?? "Opaque",
      "\((secret.data?.count ?? 0) + (secret.stringData?.count ?? 0))", age(secret, context),
    ]
  }
}

/// The PersistentVolumeClaims view: STATUS, VOLUME, CAPACITY, ACCESS MODES, STORAGECLASS, AGE.
public enum ClaimRenderer: ResourceRenderer {
  public static let resource = ResourceType.persistentvolumeclaims
  public static let columns: [ViewColumn] = [
    namespaceColumn, nameColumn, ViewColumn("STATUS", priority: 8), ViewColumn("VOLUME", priority: 4),
    ViewColumn("CAPACITY", alignment: .right, priority: 6), ViewColumn("ACCESS MODES", priority: 3),
    ViewColumn("STORAGECLASS", priority: 3), ageColumn,
  ]
  public static func store(in cache: InformerCache) -> ObjectStore<PersistentVolumeClaim> { cache.claims }

  public static func cells(_ claim: PersistentVolumeClaim, context: RenderContext) -> [String] {
    let modes = accessModes(claim.status?.accessModes ?? claim.spec?.accessModes ?? [])
    return [
      claim.namespace, claim.name, claim.status?.phase ?? "Pending", claim.spec?.volumeName ?? "",
      claim.status?.capacity?["storage"]?.description ?? "", modes,
      claim.spec?.storageClassName ?? "", age(claim, context),
    ]
  }

  public static func role(_ claim: PersistentVolumeClaim, context: RenderContext) -> ColorRole {
    claim.status?.phase == "Bound" ? .rowNormal : .statusPending
  }
}

/// The StatefulSets view: READY and AGE.
public enum StatefulSetRenderer: ResourceRenderer {
  public static let resource = ResourceType.statefulsets
  public static let columns: [ViewColumn] = [
    namespaceColumn, nameColumn, ViewColumn("READY", alignment: .right, priority: 9), ageColumn,
  ]
  public static func store(in cache: InformerCache) -> ObjectStore<StatefulSet> { cache.statefulSets }

  public static func cells(_ set: StatefulSet, context: RenderContext) -> [String] {
    [set.namespace, set.name, "\(set.status?.readyReplicas ?? 0)/\(set.spec?.replicas ?? 1)", age(set, context)]
  }
}
