// Hand-written JSON of a pod and its metadata: the text `DirectJSONEncoder` writes through
// synthesized `Encodable`, member for member (the golden tests compare the two).

extension Pod: JSONByteWritable {
  /// Appends the pod's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    members.string("apiVersion", apiVersion, &output)
    members.string("kind", kind, &output)
    try members.object("metadata", metadata, &output)
    try members.object("spec", spec, &output)
    try members.object("status", status, &output)
    output.append(UInt8(ascii: "}"))
  }
}

extension ObjectMeta: JSONByteWritable {
  /// Appends the metadata's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    members.string("name", name, &output)
    members.string("generateName", generateName, &output)
    members.string("namespace", namespace, &output)
    members.string("uid", uid, &output)
    members.string("resourceVersion", resourceVersion, &output)
    members.int("generation", generation, &output)
    members.time("creationTimestamp", creationTimestamp, &output)
    members.time("deletionTimestamp", deletionTimestamp, &output)
    members.int("deletionGracePeriodSeconds", deletionGracePeriodSeconds, &output)
    members.stringMap("labels", labels, &output)
    members.stringMap("annotations", annotations, &output)
    try members.objects("ownerReferences", ownerReferences, &output)
    members.strings("finalizers", finalizers, &output)
    members.jsonArray("managedFields", managedFields, &output)
    output.append(UInt8(ascii: "}"))
  }
}

extension OwnerReference: JSONByteWritable {
  /// Appends the reference's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    members.string("apiVersion", apiVersion, &output)
    members.string("kind", kind, &output)
    members.string("name", name, &output)
    members.string("uid", uid, &output)
    members.bool("controller", controller, &output)
    members.bool("blockOwnerDeletion", blockOwnerDeletion, &output)
    output.append(UInt8(ascii: "}"))
  }
}

extension LocalObjectReference: JSONByteWritable {
  /// Appends the reference's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    members.string("name", name, &output)
    output.append(UInt8(ascii: "}"))
  }
}

extension Toleration: JSONByteWritable {
  /// Appends the toleration's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    members.string("key", key, &output)
    members.string("operator", `operator`, &output)
    members.string("value", value, &output)
    members.string("effect", effect, &output)
    members.int("tolerationSeconds", tolerationSeconds, &output)
    output.append(UInt8(ascii: "}"))
  }
}

extension PodSpec: JSONByteWritable {
  /// Appends the spec's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    try members.encodable("volumes", volumes, &output)
    try members.objects("initContainers", initContainers, &output)
    try members.objects("containers", containers, &output)
    members.jsonArray("ephemeralContainers", ephemeralContainers, &output)
    members.string("restartPolicy", restartPolicy, &output)
    members.int("terminationGracePeriodSeconds", terminationGracePeriodSeconds, &output)
    members.int("activeDeadlineSeconds", activeDeadlineSeconds, &output)
    members.string("dnsPolicy", dnsPolicy, &output)
    members.stringMap("nodeSelector", nodeSelector, &output)
    members.string("serviceAccountName", serviceAccountName, &output)
    members.string("serviceAccount", serviceAccount, &output)
    members.bool("automountServiceAccountToken", automountServiceAccountToken, &output)
    members.string("nodeName", nodeName, &output)
    members.bool("hostNetwork", hostNetwork, &output)
    members.bool("hostPID", hostPID, &output)
    members.bool("hostIPC", hostIPC, &output)
    members.bool("shareProcessNamespace", shareProcessNamespace, &output)
    members.json("securityContext", securityContext, &output)
    try members.objects("imagePullSecrets", imagePullSecrets, &output)
    members.string("hostname", hostname, &output)
    members.string("subdomain", subdomain, &output)
    try members.encodable("affinity", affinity, &output)
    members.string("schedulerName", schedulerName, &output)
    try members.objects("tolerations", tolerations, &output)
    members.jsonArray("hostAliases", hostAliases, &output)
    members.string("priorityClassName", priorityClassName, &output)
    members.int("priority", priority, &output)
    members.json("dnsConfig", dnsConfig, &output)
    members.jsonArray("readinessGates", readinessGates, &output)
    members.string("runtimeClassName", runtimeClassName, &output)
    members.bool("enableServiceLinks", enableServiceLinks, &output)
    members.string("preemptionPolicy", preemptionPolicy, &output)
    members.quantities("overhead", overhead, &output)
    try members.encodable("topologySpreadConstraints", topologySpreadConstraints, &output)
    members.bool("setHostnameAsFQDN", setHostnameAsFQDN, &output)
    members.json("os", os, &output)
    members.bool("hostUsers", hostUsers, &output)
    members.jsonArray("schedulingGates", schedulingGates, &output)
    members.jsonArray("resourceClaims", resourceClaims, &output)
    output.append(UInt8(ascii: "}"))
  }
}
