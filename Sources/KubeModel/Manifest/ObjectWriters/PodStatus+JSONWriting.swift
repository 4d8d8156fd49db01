// Hand-written JSON of a pod's status: the text `DirectJSONEncoder` writes through
// synthesized `Encodable`, member for member.

extension PodStatus: JSONByteWritable {
  /// Appends the status's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    members.string("phase", phase, &output)
    try members.objects("conditions", conditions, &output)
    members.string("message", message, &output)
    members.string("reason", reason, &output)
    members.string("nominatedNodeName", nominatedNodeName, &output)
    members.string("hostIP", hostIP, &output)
    try members.objects("hostIPs", hostIPs, &output)
    members.string("podIP", podIP, &output)
    try members.objects("podIPs", podIPs, &output)
    members.time("startTime", startTime, &output)
    try members.objects("initContainerStatuses", initContainerStatuses, &output)
    try members.objects("containerStatuses", containerStatuses, &output)
    members.string("qosClass", qosClass, &output)
    try members.objects("ephemeralContainerStatuses", ephemeralContainerStatuses, &output)
    members.string("resize", resize, &output)
    members.int("observedGeneration", observedGeneration, &output)
    output.append(UInt8(ascii: "}"))
  }
}

extension PodIP: JSONByteWritable {
  /// Appends the address's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    members.string("ip", ip, &output)
    output.append(UInt8(ascii: "}"))
  }
}

extension PodCondition: JSONByteWritable {
  /// Appends the condition's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    members.string("type", type, &output)
    members.string("status", status, &output)
    members.int("observedGeneration", observedGeneration, &output)
    members.time("lastProbeTime", lastProbeTime, &output)
    members.time("lastTransitionTime", lastTransitionTime, &output)
    members.string("reason", reason, &output)
    members.string("message", message, &output)
    output.append(UInt8(ascii: "}"))
  }
}

extension ContainerStatus: JSONByteWritable {
  /// Appends the container status's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    members.string("name", name, &output)
    try members.object("state", state, &output)
    try members.object("lastState", lastState, &output)
    members.bool("ready", ready, &output)
    members.int("restartCount", restartCount, &output)
    members.string("image", image, &output)
    members.string("imageID", imageID, &output)
    members.string("containerID", containerID, &output)
    members.bool("started", started, &output)
    members.quantities("allocatedResources", allocatedResources, &output)
    try members.object("resources", resources, &output)
    members.jsonArray("volumeMounts", volumeMounts, &output)
    members.json("user", user, &output)
    members.jsonArray("allocatedResourcesStatus", allocatedResourcesStatus, &output)
    members.string("stopSignal", stopSignal, &output)
    output.append(UInt8(ascii: "}"))
  }
}

extension ContainerState: JSONByteWritable {
  /// Appends the state's compact JSON: its one present member.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    try members.object("waiting", waiting, &output)
    try members.object("running", running, &output)
    try members.object("terminated", terminated, &output)
    output.append(UInt8(ascii: "}"))
  }
}

extension ContainerStateWaiting: JSONByteWritable {
  /// Appends the state's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    members.string("reason", reason, &output)
    members.string("message", message, &output)
    output.append(UInt8(ascii: "}"))
  }
}

extension ContainerStateRunning: JSONByteWritable {
  /// Appends the state's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    members.time("startedAt", startedAt, &output)
    output.append(UInt8(ascii: "}"))
  }
}

extension ContainerStateTerminated: JSONByteWritable {
  /// Appends the state's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    members.int("exitCode", exitCode, &output)
    members.int("signal", signal, &output)
    members.string("reason", reason, &output)
    members.string("message", message, &output)
    members.time("startedAt", startedAt, &output)
    members.time("finishedAt", finishedAt, &output)
    members.string("containerID", containerID, &output)
    output.append(UInt8(ascii: "}"))
  }
}
