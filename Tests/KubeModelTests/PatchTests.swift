import Testing

@testable import KubeModel

/// Parses JSON text for a test.
private func json(_ text: String) throws -> JSONValue {
  try JSONParser.parse(text).jsonValue
}

/// `a` and `b` as the same JSON, member order ignored.
private func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
  JSONPatch.jsonEqual(a, b)
}

@Suite struct PatchTests {
  // MARK: JSON merge patch (RFC 7386, appendix A)

  @Test(arguments: [
    (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
    (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
    (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
    (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
    (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
    (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
    (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
    (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
    (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
    (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
    (#"{"a":"foo"}"#, "null", "null"),
    (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
    (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
    (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
    (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
  ])
  func mergePatchRFCExamples(target: String, patch: String, expected: String) throws {
    #expect(JSONMergePatch.apply(try json(patch), to: try json(target)) == (try json(expected)))
  }

  @Test func kubectlLabelMergePatches() throws {
    let node = try json(#"{"metadata":{"name":"node-1","labels":{"env":"dev","zone":"a"}}}"#)
    let added = JSONMergePatch.apply(try json(#"{"metadata":{"labels":{"gpu":"true"}}}"#), to: node)
    #expect(added == (try json(#"{"metadata":{"name":"node-1","labels":{"env":"dev","zone":"a","gpu":"true"}}}"#)))
    let removed = JSONMergePatch.apply(try json(#"{"metadata":{"labels":{"env":null}}}"#), to: added)
    #expect(removed == (try json(#"{"metadata":{"name":"node-1","labels":{"zone":"a","gpu":"true"}}}"#)))
    let scaled = JSONMergePatch.apply(try json(#"{"spec":{"replicas":5}}"#), to: try json(#"{"spec":{"replicas":2}}"#))
    #expect(scaled == (try json(#"{"spec":{"replicas":5}}"#)))
  }

  @Test(arguments: [
    (#"{"a":"b","c":{"d":"e","f":"g"}}"#, #"{"a":"z","c":{"d":"e"}}"#, #"{"a":"z","c":{"f":null}}"#),
    (#"{"a":[1,2]}"#, #"{"a":[1,3]}"#, #"{"a":[1,3]}"#),
    (#"{"a":1}"#, #"{"a":1,"b":{"c":2}}"#, #"{"b":{"c":2}}"#),
    (#"{"a":{"b":1}}"#, #"{"a":"text"}"#, #"{"a":"text"}"#),
  ])
  func mergePatchDiffIsMinimalAndRoundTrips(original: String, modified: String, expected: String) throws {
    let diff = try #require(JSONMergePatch.diff(from: try json(original), to: try json(modified)))
    #expect(diff == (try json(expected)))
    #expect(JSONMergePatch.apply(diff, to: try json(original)) == (try json(modified)))
    #expect(JSONMergePatch.diff(from: try json(original), to: try json(original)) == nil)
  }

  // MARK: JSON patch (RFC 6902, appendix A)

  @Test(arguments: [
    (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz","value":"qux"}]"#, #"{"baz":"qux","foo":"bar"}"#),
    (#"{"foo":["bar","baz"]}"#, #"[{"op":"add","path":"/foo/1","value":"qux"}]"#, #"{"foo":["bar","qux","baz"]}"#),
    (#"{"baz":"qux","foo":"bar"}"#, #"[{"op":"remove","path":"/baz"}]"#, #"{"foo":"bar"}"#),
    (#"{"foo":["bar","qux","baz"]}"#, #"[{"op":"remove","path":"/foo/1"}]"#, #"{"foo":["bar","baz"]}"#),
    (#"{"baz":"qux","foo":"bar"}"#, #"[{"op":"replace","path":"/baz","value":"boo"}]"#, #"{"baz":"boo","foo":"bar"}"#),
    (
      #"{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}"#, #"[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]"#,
      #"{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}"#
    ),
    (
      #"{"foo":["all","grass","cows","eat"]}"#, #"[{"op":"move","from":"/foo/1","path":"/foo/3"}]"#,
      #"{"foo":["all","cows","eat","grass"]}"#
    ),
    (
      #"{"baz":"qux","foo":["a",2,"c"]}"#, #"[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]"#,
      #"{"baz":"qux","foo":["a",2,"c"]}"#
    ),
    (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/child","value":{"grandchild":{}}}]"#, #"{"foo":"bar","child":{"grandchild":{}}}"#),
    (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz","value":"qux","xyz":123}]"#, #"{"foo":"bar","baz":"qux"}"#),
    (#"{"/":9,"~1":10}"#, #"[{"op":"test","path":"/~01","value":10}]"#, #"{"/":9,"~1":10}"#),
    (#"{"foo":["bar"]}"#, #"[{"op":"add","path":"/foo/-","value":["abc","def"]}]"#, #"{"foo":["bar",["abc","def"]]}"#),
    (#"{"a":{"b":1}}"#, #"[{"op":"copy","from":"/a/b","path":"/c"}]"#, #"{"a":{"b":1},"c":1}"#),
    (#"{"a":1}"#, #"[{"op":"replace","path":"","value":[1]}]"#, #"[1]"#),
  ])
  func jsonPatchRFCExamples(document: String, patch: String, expected: String) throws {
    #expect(same(try JSONPatch.apply(try json(patch), to: try json(document)), try json(expected)))
  }

  @Test(arguments: [
    (#"{"baz":"qux"}"#, #"[{"op":"test","path":"/baz","value":"bar"}]"#, "operation 0 (test /baz): test failed, the value differs"),
    (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz/bat","value":"qux"}]"#, #"operation 0 (add /baz/bat): no member "baz""#),
    (#"{"/":9,"~1":10}"#, #"[{"op":"test","path":"/~01","value":"10"}]"#, "operation 0 (test /~01): test failed, the value differs"),
    (#"{"a":[1]}"#, #"[{"op":"remove","path":"/a/1"}]"#, #"operation 0 (remove /a/1): list index "1" is out of range"#),
    (#"{"a":1}"#, #"[{"op":"replace","path":"/b","value":2}]"#, #"operation 0 (replace /b): no member "b""#),
    (#"{"a":{}}"#, #"[{"op":"move","from":"/a","path":"/a/b"}]"#, "operation 0 (move /a/b): cannot move /a into one of its own children"),
    (#"{}"#, #"[{"op":"frobnicate","path":"/a"}]"#, #"operation 0: unsupported op "frobnicate""#),
  ])
  func jsonPatchErrors(document: String, patch: String, message: String) throws {
    #expect(throws: PatchError(message)) { try JSONPatch.apply(try json(patch), to: try json(document)) }
  }

  @Test func kubectlRolloutUndoJSONPatch() throws {
    let deployment = try json(
      #"""
      {"metadata":{"name":"webserver","annotations":{"deployment.kubernetes.io/revision":"2"}},
       "spec":{"replicas":2,"template":{"metadata":{"labels":{"app":"webserver"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.16"}]}}}}
      """#)
    let patch = try json(
      #"""
      [{"op":"replace","path":"/spec/template","value":{"metadata":{"labels":{"app":"webserver"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.14"}]}}},
       {"op":"replace","path":"/metadata/annotations","value":{"deployment.kubernetes.io/revision":"1"}}]
      """#)
    let undone = try JSONPatch.apply(patch, to: deployment)
    #expect(undone["spec"]?["template"]?["spec"]?["containers"]?.arrayValue?.first?["image"] == .string("nginx:1.14"))
    #expect(undone["metadata"]?["annotations"] == (try json(#"{"deployment.kubernetes.io/revision":"1"}"#)))
    #expect(undone["spec"]?["replicas"] == .int(2))
  }

  // MARK: Strategic merge patch

  @Test func cordonThenUncordon() throws {
    let node = try json(#"{"metadata":{"name":"node-1"},"spec":{"podCIDR":"10.244.1.0/24"}}"#)
    let schema = PatchSchema.for(.nodes)
    let cordoned = try StrategicMergePatch.apply(try json(#"{"spec":{"unschedulable":true}}"#), to: node, schema: schema)
    #expect(cordoned["spec"] == (try json(#"{"podCIDR":"10.244.1.0/24","unschedulable":true}"#)))
    let uncordoned = try StrategicMergePatch.apply(try json(#"{"spec":{"unschedulable":null}}"#), to: cordoned, schema: schema)
    #expect(uncordoned == node)
  }

  @Test func kubectlSetImage() throws {
    let deployment = try json(
      #"{"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.14","ports":[{"containerPort":80}]}]}}}}"#)
    let patch = try json(
      #"{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"}],"containers":[{"image":"nginx:1.16","name":"nginx"}]}}}}"#
    )
    let updated = try StrategicMergePatch.apply(patch, to: deployment, schema: .for(.deployments))
    #expect(
      updated
        == (try json(
          #"{"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.16","ports":[{"containerPort":80}]}]}}}}"#
        )))
  }

  @Test func kubectlApplyWithElementOrder() throws {
    let pod = try json(
      #"""
      {"metadata":{"name":"c","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"old"}},
       "spec":{"containers":[{"name":"sidecar","image":"busybox"},{"name":"c","image":"nginx:1.14"}],"restartPolicy":"Always"}}
      """#)
    let patch = try json(
      #"""
      {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"new"}},
       "spec":{"$setElementOrder/containers":[{"name":"c"},{"name":"sidecar"}],"containers":[{"image":"nginx:1.16","name":"c"}]}}
      """#)
    let applied = try StrategicMergePatch.apply(patch, to: pod, schema: .for(.pods))
    #expect(applied["metadata"]?["annotations"] == (try json(#"{"kubectl.kubernetes.io/last-applied-configuration":"new"}"#)))
    #expect(
      applied["spec"]?["containers"] == (try json(#"[{"name":"c","image":"nginx:1.16"},{"name":"sidecar","image":"busybox"}]"#)))
    #expect(applied["spec"]?["restartPolicy"] == .string("Always"))
  }

  @Test func containerEnvMergesByName() throws {
    let pod = try json(
      #"{"spec":{"containers":[{"name":"app","image":"app:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}"#)
    let patch = try json(#"{"spec":{"containers":[{"name":"app","env":[{"name":"B","value":"20"},{"name":"C","value":"3"}]}]}}"#)
    let merged = try StrategicMergePatch.apply(patch, to: pod, schema: .for(.pods))
    #expect(
      merged["spec"]?["containers"]?.arrayValue?.first?["env"]
        == (try json(#"[{"name":"A","value":"1"},{"name":"B","value":"20"},{"name":"C","value":"3"}]"#)))
  }

  @Test func deleteDirectiveInAList() throws {
    let pod = try json(#"{"spec":{"containers":[{"name":"app","image":"app"},{"name":"debug","image":"busybox"}]}}"#)
    let patch = try json(#"{"spec":{"containers":[{"name":"debug","$patch":"delete"}]}}"#)
    let merged = try StrategicMergePatch.apply(patch, to: pod, schema: .for(.pods))
    #expect(merged["spec"]?["containers"] == (try json(#"[{"name":"app","image":"app"}]"#)))
  }

  @Test func replaceAndDeleteDirectivesOnMaps() throws {
    let pod = try json(#"{"metadata":{"labels":{"a":"1","b":"2"}},"spec":{"nodeSelector":{"disk":"ssd"}}}"#)
    let patch = try json(#"{"metadata":{"labels":{"$patch":"replace","c":"3"}},"spec":{"nodeSelector":{"$patch":"delete"}}}"#)
    let merged = try StrategicMergePatch.apply(patch, to: pod, schema: .for(.pods))
    #expect(merged == (try json(#"{"metadata":{"labels":{"c":"3"}},"spec":{}}"#)))
  }

  @Test func listsWithoutStrategyAreReplaced() throws {
    let pod = try json(#"{"spec":{"tolerations":[{"key":"a","operator":"Exists"}],"containers":[{"name":"app","args":["x","y"]}]}}"#)
    let patch = try json(#"{"spec":{"tolerations":[{"key":"b","operator":"Exists"}],"containers":[{"name":"app","args":["z"]}]}}"#)
    let merged = try StrategicMergePatch.apply(patch, to: pod, schema: .for(.pods))
    #expect(merged == (try json(#"{"spec":{"tolerations":[{"key":"b","operator":"Exists"}],"containers":[{"name":"app","args":["z"]}]}}"#)))
  }

  @Test func replaceDirectiveInAList() throws {
    let pod = try json(#"{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}"#)
    let patch = try json(#"{"spec":{"containers":[{"$patch":"replace"},{"name":"c"}]}}"#)
    let merged = try StrategicMergePatch.apply(patch, to: pod, schema: .for(.pods))
    #expect(merged == (try json(#"{"spec":{"containers":[{"name":"c"}]}}"#)))
  }

  @Test func finalizersMergeAsASetAndDeleteFromPrimitiveList() throws {
    let object = try json(#"{"metadata":{"finalizers":["a","b"]}}"#)
    let added = try StrategicMergePatch.apply(try json(#"{"metadata":{"finalizers":["b","c"]}}"#), to: object, schema: .for(.configmaps))
    #expect(added == (try json(#"{"metadata":{"finalizers":["a","b","c"]}}"#)))
    let removed = try StrategicMergePatch.apply(
      try json(#"{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}"#), to: added, schema: .for(.configmaps))
    #expect(removed == (try json(#"{"metadata":{"finalizers":["b","c"]}}"#)))
  }

  @Test func retainKeysDropsOtherFields() throws {
    let deployment = try json(#"{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}"#)
    let patch = try json(#"{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}"#)
    let merged = try StrategicMergePatch.apply(patch, to: deployment, schema: .for(.deployments))
    #expect(merged == (try json(#"{"spec":{"strategy":{"type":"Recreate"}}}"#)))
  }

  @Test func servicePortsMergeByPort() throws {
    let service = try json(#"{"spec":{"ports":[{"port":80,"targetPort":8080},{"port":443}]}}"#)
    let patch = try json(#"{"spec":{"ports":[{"port":80,"targetPort":9090}]}}"#)
    let merged = try StrategicMergePatch.apply(patch, to: service, schema: .for(.services))
    #expect(merged == (try json(#"{"spec":{"ports":[{"port":80,"targetPort":9090},{"port":443}]}}"#)))
  }

  @Test func missingMergeKeyIsAnError() throws {
    let pod = try json(#"{"spec":{"containers":[{"name":"app"}]}}"#)
    #expect(throws: PatchError(#"map: {"image":"x"} does not contain declared merge key: name"#)) {
      try StrategicMergePatch.apply(try json(#"{"spec":{"containers":[{"image":"x"}]}}"#), to: pod, schema: .for(.pods))
    }
  }

  @Test func cronJobTemplatesMergeContainersByName() throws {
    let cronJob = try json(
      #"{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"1"},{"name":"b","image":"1"}]}}}}}}"#)
    let patch = try json(#"{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"b","image":"2"}]}}}}}}"#)
    let merged = try StrategicMergePatch.apply(patch, to: cronJob, schema: .for(.cronjobs))
    #expect(
      merged["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"]?["containers"]
        == (try json(#"[{"name":"a","image":"1"},{"name":"b","image":"2"}]"#)))
  }
}
