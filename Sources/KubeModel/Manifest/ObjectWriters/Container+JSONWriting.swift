// Hand-written JSON of a container and its parts: the text `DirectJSONEncoder` writes
// through synthesized `Encodable`, member for member. Rare parts (`envFrom`, `valueFrom`)
// go through the generic path.

extension Container: JSONByteWritable {
  /// Appends the container's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    members.string("name", name, &output)
    members.string("image", image, &output)
    members.strings("command", command, &output)
    members.strings("args", args, &output)
    members.string("workingDir", workingDir, &output)
    try members.objects("ports", ports, &output)
    try members.encodable("envFrom", envFrom, &output)
    try members.objects("env", env, &output)
    try members.object("resources", resources, &output)
    members.jsonArray("resizePolicy", resizePolicy, &output)
    members.string("restartPolicy", restartPolicy, &output)
    try members.objects("volumeMounts", volumeMounts, &output)
    members.jsonArray("volumeDevices", volumeDevices, &output)
    try members.object("livenessProbe", livenessProbe, &output)
    try members.object("readinessProbe", readinessProbe, &output)
    try members.object("startupProbe", startupProbe, &output)
    members.json("lifecycle", lifecycle, &output)
    members.string("terminationMessagePath", terminationMessagePath, &output)
    members.string("terminationMessagePolicy", terminationMessagePolicy, &output)
    members.string("imagePullPolicy", imagePullPolicy, &output)
    members.json("securityContext", securityContext, &output)
    members.bool("stdin", stdin, &output)
    members.bool("stdinOnce", stdinOnce, &output)
    members.bool("tty", tty, &output)
    output.append(UInt8(ascii: "}"))
  }
}

extension ContainerPort: JSONByteWritable {
  /// Appends the port's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    members.string("name", name, &output)
    members.int("hostPort", hostPort, &output)
    members.int("containerPort", containerPort, &output)
    members.string("protocol", `protocol`, &output)
    members.string("hostIP", hostIP, &output)
    output.append(UInt8(ascii: "}"))
  }
}

extension EnvVar: JSONByteWritable {
  /// Appends the variable's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    members.string("name", name, &output)
    members.string("value", value, &output)
    try members.encodable("valueFrom", valueFrom, &output)
    output.append(UInt8(ascii: "}"))
  }
}

extension ResourceRequirements: JSONByteWritable {
  /// Appends the requirements' compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    members.quantities("limits", limits, &output)
    members.quantities("requests", requests, &output)
    members.jsonArray("claims", claims, &output)
    output.append(UInt8(ascii: "}"))
  }
}

extension VolumeMount: JSONByteWritable {
  /// Appends the mount's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    members.string("name", name, &output)
    members.bool("readOnly", readOnly, &output)
    members.string("recursiveReadOnly", recursiveReadOnly, &output)
    members.string("mountPath", mountPath, &output)
    members.string("subPath", subPath, &output)
    members.string("mountPropagation", mountPropagation, &output)
    members.string("subPathExpr", subPathExpr, &output)
    output.append(UInt8(ascii: "}"))
  }
}

extension Probe: JSONByteWritable {
  /// Appends the probe's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    try members.object("exec", exec, &output)
    try members.object("httpGet", httpGet, &output)
    try members.object("tcpSocket", tcpSocket, &output)
    try members.encodable("grpc", grpc, &output)
    members.int("initialDelaySeconds", initialDelaySeconds, &output)
    members.int("timeoutSeconds", timeoutSeconds, &output)
    members.int("periodSeconds", periodSeconds, &output)
    members.int("successThreshold", successThreshold, &output)
    members.int("failureThreshold", failureThreshold, &output)
    members.int("terminationGracePeriodSeconds", terminationGracePeriodSeconds, &output)
    output.append(UInt8(ascii: "}"))
  }
}

extension HTTPGetAction: JSONByteWritable {
  /// Appends the action's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    members.string("path", path, &output)
    members.intOrString("port", port, &output)
    members.string("host", host, &output)
    members.string("scheme", scheme, &output)
    try members.encodable("httpHeaders", httpHeaders, &output)
    output.append(UInt8(ascii: "}"))
  }
}

extension ExecAction: JSONByteWritable {
  /// Appends the action's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    members.strings("command", command, &output)
    output.append(UInt8(ascii: "}"))
  }
}

extension TCPSocketAction: JSONByteWritable {
  /// Appends the action's compact JSON.
  public func writeJSON(to output: inout [UInt8]) throws {
    var members = JSONMembers()
    output.append(UInt8(ascii: "{"))
    members.intOrString("port", port, &output)
    members.string("host", host, &output)
    output.append(UInt8(ascii: "}"))
  }
}
