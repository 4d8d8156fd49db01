import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct TemplateMatchMemoTests {
  func newSet(for deployment: Deployment) -> ReplicaSet {
    var set = makeReplicaSet(replicas: 1)
    var template = deployment.spec?.template ?? PodTemplateSpec()
    var metadata = template.metadata ?? ObjectMeta()
    metadata.labels = (metadata.labels ?? [:]).merging([podTemplateHashLabel: "abc123"]) { $1 }
    template.metadata = metadata
    set.spec?.template = template
    return set
  }

  @Test func answersAsEqualIgnoringHashAndFollowsEitherTemplate() {
    var memo = TemplateMatchMemo()
    var deployment = makeDeployment(replicas: 1)
    var set = newSet(for: deployment)
    let first = memo.matches(set, deployment)
    let again = memo.matches(set, deployment)
    #expect(first && again)
    #expect(memo.count == 1)

    // A new image in the Deployment: the set no longer matches.
    deployment.spec?.template?.spec?.containers?[0].image = "nginx:1.16"
    let changed = memo.matches(set, deployment)
    #expect(!changed)
    #expect(!DeploymentUtil.equalIgnoringHash(set.spec?.template, deployment.spec?.template))

    // The set catching up matches again.
    set.spec?.template?.spec?.containers?[0].image = "nginx:1.16"
    let caughtUp = memo.matches(set, deployment)
    #expect(caughtUp)

    // An equal template in new storage (as decoded from a manifest) gives the same answer.
    let rebuilt = makeDeployment(replicas: 3, image: "nginx:1.16")
    let rebuiltMatches = memo.matches(set, rebuilt)
    #expect(rebuiltMatches)
    var relabelled = rebuilt
    relabelled.spec?.template?.metadata?.labels?["tier"] = "front"
    let relabelledMatches = memo.matches(set, relabelled)
    #expect(!relabelledMatches)

    memo.remove(set.key)
    #expect(memo.count == 0)
  }
}

/// The new-ReplicaSet memo answers only while everything the search reads is the same.
@Suite struct NewReplicaSetMemoTests {
  func deployment() -> Deployment {
    var deployment = Deployment()
    deployment.metadata = ObjectMeta(name: "web", namespace: "default", annotations: [DeploymentUtil.revisionAnnotation: "1"])
    var spec = DeploymentSpec()
    spec.progressDeadlineSeconds = 600
    var template = PodTemplateSpec()
    template.metadata = ObjectMeta(labels: ["app": "web"])
    spec.template = template
    deployment.spec = spec
    return deployment
  }

  func set(_ name: String) -> ReplicaSet {
    var set = ReplicaSet()
    set.metadata = ObjectMeta(name: name, namespace: "default", annotations: [DeploymentUtil.revisionAnnotation: "1"])
    var spec = ReplicaSetSpec()
    var template = PodTemplateSpec()
    template.metadata = ObjectMeta(labels: ["app": "web"])
    spec.template = template
    set.spec = spec
    return set
  }

  @Test func theMemoAnswersWhileTheInputsAreTheSame() {
    var memo = NewReplicaSetMemo()
    let deployment = deployment()
    let sets = [set("web-a"), set("web-b")]
    #expect(memo.newSetIndex(deployment, sets) == nil)
    memo.record(deployment, sets, newIndex: 1)
    #expect(memo.newSetIndex(deployment, sets) == 1)
    // Status writes keep the metadata and template boxes: still the same inputs.
    var scaled = deployment
    scaled.spec?.replicas = 7
    var status = DeploymentStatus()
    status.replicas = 3
    scaled.status = status
    var counted = sets
    counted[0].status = ReplicaSetStatus()
    counted[0].spec?.replicas = 2
    #expect(memo.newSetIndex(scaled, counted) == 1)
    #expect(memo.count == 1)
  }

  @Test func theMemoForgetsWhenAnythingTheSearchReadsChanges() {
    var memo = NewReplicaSetMemo()
    let deployment = deployment()
    let sets = [set("web-a"), set("web-b")]
    memo.record(deployment, sets, newIndex: 0)
    var annotated = deployment
    annotated.metadata.annotations = [DeploymentUtil.revisionAnnotation: "2"]
    #expect(memo.newSetIndex(annotated, sets) == nil)
    var retemplated = deployment
    retemplated.spec?.template?.metadata = ObjectMeta(labels: ["app": "api"])
    #expect(memo.newSetIndex(retemplated, sets) == nil)
    var slower = deployment
    slower.spec?.minReadySeconds = 5
    #expect(memo.newSetIndex(slower, sets) == nil)
    var noDeadline = deployment
    noDeadline.spec?.progressDeadlineSeconds = nil
    #expect(memo.newSetIndex(noDeadline, sets) == nil)
    var progressing = deployment
    var status = DeploymentStatus()
    DeploymentUtil.setCondition(
      &status,
      DeploymentUtil.newCondition(type: "Progressing", status: "True", reason: "NewReplicaSetCreated", message: "", now: Time(seconds: 1)))
    progressing.status = status
    #expect(memo.newSetIndex(progressing, sets) == nil)
    var relabelled = sets
    relabelled[1].metadata.annotations = [DeploymentUtil.revisionAnnotation: "3"]
    #expect(memo.newSetIndex(deployment, relabelled) == nil)
    var readier = sets
    readier[0].spec?.minReadySeconds = 3
    #expect(memo.newSetIndex(deployment, readier) == nil)
    #expect(memo.newSetIndex(deployment, sets + [set("web-c")]) == nil)
    #expect(memo.newSetIndex(deployment, [sets[1], sets[0]]) == nil)
    #expect(memo.newSetIndex(deployment, sets) == 0)
    memo.remove(deployment.key)
    #expect(memo.newSetIndex(deployment, sets) == nil)
  }
}
