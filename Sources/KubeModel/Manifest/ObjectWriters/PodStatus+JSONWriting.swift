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
    if let waiting {
      members.key("waiting", &output)
      var inner = JSONMembers()
      output.append(UInt8(ascii: "{"))
      inner.string("reason", waiting.reason, &output)
      inner.string("message", waiting.message, &output)
      output.append(UInt8(ascii: "}"))
    }
    if let running {
      members.key("running", &output)
      var inner = JSONMembers()
      output.append(UInt8(ascii: "{"))
      inner.time("startedAt", running.startedAt, &output)
      output.append(UInt8(ascii: "}"))
    }
    if let terminated {
      members.key("terminated", &output)
      var inner = JSONMembers()
      output.append(UInt8(ascii: "{"))
      inner.int("exitCode", terminated.exitCode, &output)
      inner.int("signal", terminated.signal, &output)
      inner.string("reason", terminated.reason, &output)
      inner.string("message", terminated.message, &output)
      inner.time("startedAt", terminated.startedAt, &output)
      inner.time("finishedAt", terminated.finishedAt, &output)
      inner.string("containerID", terminated.containerID, &output)
      output.append(UInt8(ascii: "}"))
    }
    output.append(UInt8(ascii: "}"))
  }
}
