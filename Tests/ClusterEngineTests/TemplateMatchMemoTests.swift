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
