@testable import Dashboard
import KubeModel
import TerminalUI
import Testing

@MainActor
@Suite(.serialized) struct AppTests {
  @Test func podsViewSnapshot() async {
    let harness = await Harness()
    defer { harness.stop() }
    let screen = harness.screen()
    #expect(screen[0].hasPrefix("KubeDeck fake (test)  Nodes 3/3  Pods running 5/9"))
    #expect(screen[0].hasSuffix("2026-05-28 20:26:40 UTC  1×"))
    #expect(screen[1].hasPrefix("CPU req [|||"))
    #expect(screen[4].contains(" pods(all)[9] "))
    #expect(
      screen[5]
        == "│NAMESPACE NAME    READY STATUS              RESTARTS CPU %CPU/R %CPU/L MEM %MEM/R %MEM/L IP         NODE       AGE    │"
        || screen[5].hasPrefix("│NAMESPACE NAME"))
    #expect(screen[7].contains("crash") && screen[7].contains("CrashLoopBackOff") && screen[7].contains("3 (2m ago)"))
    #expect(screen[28].hasPrefix("<l> Logs  <p> Logs previous  <s> Shell  <x> Explain  <shift-f> Port-forward  <shift-l> Labels"))
  }

  @Test func nodesViewNarrowWithHangulLabelColumn() async {
    let harness = await Harness()
    defer { harness.stop() }
    harness.type(":nodes -L 팀")
    harness.press(.enter)
    let grid = harness.grid(rows: 14, columns: 60)
    #expect(grid.isConsistent)
    let lines = grid.trimmedLines
    #expect(lines[0] == "KubeDeck fake (test)  Nodes 3/3  Pods running 5/9")
    #expect(lines[1] == "┌──────────────────────── nodes[3] ────────────────────────┐")
    #expect(lines[2] == "│NAME         STATUS                    PODS REQ-CPU 팀    │")
    #expect(lines[4] == "│worker-1     Ready                    4/110  400m/4 플랫폼│")
    #expect(lines[12] == "<c> Cordon  <u> Uncordon  <r> Drain  <shift-l> Labels")
  }

  @Test func narrowHeadersDropPartsBeforeCuttingCounts() async {
    let harness = await Harness()
    defer { harness.stop() }
    func header(_ columns: Int) -> String { harness.grid(rows: 24, columns: columns).trimmedLines[0] }
    #expect(header(49) == "KubeDeck fake (test)  Nodes 3/3  Pods running 5/9")
    #expect(header(48) == "KubeDeck fake  Nodes 3/3  Pods running 5/9")
    #expect(header(40) == "KubeDeck fake  Nodes 3/3  Pods 5/9")
    // A long context name goes before the counts do.
    let long = HeaderLine(
      name: "arn:aws:eks:eu-west-1:123456789012:cluster/prod", source: " (kubeconfig)", nodes: ("3/3", .header),
      pods: "5/9", etcd: [])
    #expect(long.fitting(width: 60).map(\.text).joined() == "KubeDeck  Nodes 3/3  Pods running 5/9")
    #expect(long.fitting(width: 30).map(\.text).joined() == "KubeDeck  Nodes 3/3  Pods 5/9")
    #expect(long.fitting(width: 20).map(\.text).joined() == "Nodes 3/3  Pods 5/9")
    // Narrower still, the line is cut with an ellipsis, never in silence.
    let parts = HeaderLine(name: "c", source: "", nodes: ("3/3", .header), pods: "150,000/150,000", etcd: [])
    #expect(parts.fitting(width: 18).map(\.text).joined() == "Nodes 3/3  Pods 1…")
    #expect(parts.fitting(width: 10).map(\.text).joined() == "Nodes 3/3…")
  }

  @Test func tinyTerminalsNeverCrash() async {
    let harness = await Harness()
    defer { harness.stop() }
    for (rows, columns) in [(1, 1), (2, 5), (9, 39), (10, 40), (24, 80), (0, 0)] {
      var grid = CellGrid(rows: rows, columns: columns)
      harness.app.draw(into: &grid)
      #expect(grid.isConsistent)
    }
    #expect(harness.screen(rows: 5, columns: 30).joined().contains("Terminal too small"))
  }

  /// A new filter puts the cursor on the first row that passes, as k9s does: before, the
  /// row selected earlier stayed selected, whichever match it was, one key from Ctrl-D.
  @Test func filterSelectsTheFirstMatch() async {
    let harness = await Harness()
    defer { harness.stop() }
    for _ in 0..<6 { harness.press(.down) }
    _ = harness.screen()
    let before = harness.app.current?.selectedObject?.name
    harness.type("/-l app=web")
    harness.press(.enter)
    let screen = harness.screen()
    let firstRow = screen.firstIndex { $0.contains("NAME") }.map { screen[$0 + 1] } ?? ""
    let selected = harness.app.current?.selectedObject?.name ?? ""
    #expect(!selected.isEmpty && firstRow.contains(selected), "\(screen)")
    #expect(before != nil)
  }

  @Test func filterAndDrillDown() async {
    let harness = await Harness()
    defer { harness.stop() }
    harness.type("/-l app=web")
    harness.press(.enter)
    _ = harness.screen()
    #expect(harness.app.current?.count == 3)
    #expect(harness.screen()[4].contains("pods(all)[3] </-l app=web>"))
    harness.press(.escape)
    _ = harness.screen()
    #expect(harness.app.current?.count == 9)
    harness.type(":deploy")
    harness.press(.enter)
    harness.press(.enter)
    #expect(harness.screen()[4].contains("pods(deploy/web)[3]"))
    harness.press(.escape)
    harness.type(":no")
    harness.press(.enter)
    harness.press(.down, .enter)
    #expect(harness.screen()[4].contains("pods(node/worker-1)[4]"))
  }

  @Test func cordonDrainAndLabelANode() async {
    let harness = await Harness()
    defer { harness.stop() }
    harness.type(":nodes")
    harness.press(.enter, .down)
    harness.type("c")
    await harness.waitFor { harness.screen().contains { $0.contains("worker-1") && $0.contains("Ready,SchedulingDisabled") } }
    #expect(harness.screen().contains { $0.contains("worker-1") && $0.contains("Ready,SchedulingDisabled") })
    #expect(harness.app.flashText == "node/worker-1 cordoned")
    harness.type("u")
    await harness.waitFor { harness.app.flashText == "node/worker-1 uncordoned" }
    // A grace period that is not a number is refused as kubectl refuses the flag, before
    // the node is cordoned.
    harness.type("r")
    harness.press(.tab, .tab, .tab)
    harness.type("x")
    harness.press(.tab, .enter)
    #expect(
      harness.app.flashText
        == #"invalid argument "-1x" for "--grace-period" flag: strconv.ParseInt: parsing "-1x": invalid syntax"#)
    #expect(!harness.screen().contains { $0.contains("worker-1") && $0.contains("SchedulingDisabled") })
    harness.type("r")
    harness.press(.tab, .tab, .character(" "), .tab, .tab, .enter)
    await harness.waitFor { harness.app.flashText == "node/worker-1 drained" }
    let screen = harness.screen()
    #expect(screen[4].contains("drain node/worker-1"))
    #expect(screen.contains { $0.contains("default/web-1") && $0.contains("gone") })
    harness.press(.escape)
    #expect(harness.app.cache.pods(onNode: "worker-1").map(\.name) == ["web-old"])
    harness.type("L")
    // The current labels are shown, not edited: focus starts on the change.
    #expect(harness.screen().contains { $0.contains("Current") && $0.contains("kubernetes.io/hostname=worker-1") })
    harness.type("gpu=true")
    harness.press(.enter, .enter)
    await harness.waitFor { harness.app.flashText == "node/worker-1 labeled" }
    #expect(harness.cluster.all(Node.self).first { $0.name == "worker-1" }?.labels["gpu"] == "true")
  }

  @Test func commandBarLabelErrorsChangeNothing() async {
    let harness = await Harness()
    defer { harness.stop() }
    harness.type(":label nodes worker-1 zone=부산")
    harness.press(.enter)
    #expect(harness.app.flashText?.hasPrefix("error: invalid label spec: zone=부산") == true)
    harness.type(":label nodes worker-2 kubernetes.io/hostname=x")
    harness.press(.enter)
    await harness.waitFor { harness.app.flashText?.contains("--overwrite is false") == true }
    #expect(harness.app.flashText == "error: 'kubernetes.io/hostname' already has a value (worker-2), and --overwrite is false")
    harness.type(":cordon nowhere")
    harness.press(.enter)
    await harness.waitFor { harness.app.flashText?.contains("NotFound") == true }
    #expect(harness.app.flashText == "Error from server (NotFound): nodes \"nowhere\" not found")
  }

  @Test func scaleDeploymentAddsPods() async {
    let harness = await Harness()
    defer { harness.stop() }
    harness.type(":deploy")
    harness.press(.enter)
    harness.type("s")
    harness.press(.ctrl("u"))
    harness.type("4")
    harness.press(.enter, .enter)
    await harness.waitFor { harness.app.cache.pods.count == 10 }
    #expect(harness.app.flashText == "deployment.apps/web scaled")
    harness.type(":scale deployment web --replicas=5")
    harness.press(.enter)
    await harness.waitFor { harness.app.cache.pods.count == 11 }
    #expect(harness.app.cache.pods.count == 11)
  }

  @Test func logsShellDescribeAndYAML() async {
    let harness = await Harness()
    defer { harness.stop() }
    harness.press(.down)
    harness.type("l")
    await harness.waitFor { (harness.app.pane as? LogPane)?.lines.count == 3 }
    #expect((harness.app.pane as? LogPane)?.lines == ["line 1 from crash", "line 2 from crash", "line 3 from crash"])
    #expect(harness.screen()[4].contains("logs(default/crash:main) [simulated]"))
    harness.type("/line 2")
    harness.press(.enter)
    let grid = harness.grid()
    #expect((5...7).contains { row in (0..<grid.columns).contains { grid[row, $0].role == .logsHighlight } })
    harness.press(.escape)
    harness.type("s")
    harness.type("hostname")
    harness.press(.enter)
    await harness.waitFor { (harness.app.pane as? ShellPane)?.transcript.last == "crash" }
    #expect(harness.screen()[4].contains("[SIMULATED]"))
    harness.type("exit")
    harness.press(.enter)
    #expect(harness.app.pane == nil)
    harness.type("d")
    let describe = (harness.app.pane as? TextViewPane)?.lines ?? []
    #expect(describe.prefix(2) == ["Name:             crash", "Namespace:        default"])
    #expect(describe.contains("Status:           Running"))
    #expect(describe.contains("    State:          Waiting"))
    #expect(describe.contains("      Reason:       CrashLoopBackOff"))
    harness.press(.escape)
    harness.type("y")
    #expect((harness.app.pane as? TextViewPane)?.lines.contains("kind: Pod") == true)
  }

  @Test func shellInterruptsWithCtrlCAndRecallsHistory() async {
    let harness = await Harness()
    defer { harness.stop() }
    harness.press(.down)
    harness.type("s")
    harness.type("hostname")
    harness.press(.enter)
    await harness.waitFor { (harness.app.pane as? ShellPane)?.transcript.last == "crash" }
    // Ctrl-C drops the line being typed and keeps the pane (and the app) open.
    harness.type("sleep 100")
    #expect(harness.app.handle(.ctrl("c")) != .quit)
    #expect(harness.app.pane is ShellPane)
    #expect((harness.app.pane as? ShellPane)?.transcript.last == "crash$ sleep 100^C")
    #expect(harness.screen()[28].contains("<ctrl-c> Interrupt"))
    /// The prompt line: the last line inside the pane's frame.
    func prompt() -> String { harness.screen()[26] }
    #expect(prompt().contains("crash$"))
    // Up brings the last command back; Down returns to the empty line.
    harness.press(.up)
    #expect(prompt().contains("crash$ hostname"))
    harness.press(.down)
    #expect(prompt().contains("crash$") && !prompt().contains("hostname"))
    harness.press(.up)
    harness.press(.enter)
    await harness.waitFor { (harness.app.pane as? ShellPane)?.transcript.last == "crash" }
    #expect((harness.app.pane as? ShellPane)?.transcript.suffix(2) == ["crash$ hostname", "crash"])
    // Outside the shell, Ctrl-C still quits.
    harness.press(.escape)
    #expect(harness.app.handle(.ctrl("c")) == .quit)
  }

  /// `cd` lasts from one line to the next, and the prompt shows where the shell is.
  @Test func shellKeepsItsWorkingDirectory() async {
    let harness = await Harness()
    defer { harness.stop() }
    harness.press(.down)
    harness.type("s")
    harness.type("cd /etc")
    harness.press(.enter)
    await harness.waitFor { harness.screen()[26].contains("crash:/etc$") }
    harness.type("pwd")
    harness.press(.enter)
    await harness.waitFor { (harness.app.pane as? ShellPane)?.transcript.last == "/etc" }
    #expect((harness.app.pane as? ShellPane)?.transcript.suffix(3) == ["crash$ cd /etc", "crash:/etc$ pwd", "/etc"])
  }

  @Test func shellRunsLinesTypedAheadInOrder() async {
    let harness = await Harness()
    defer { harness.stop() }
    harness.press(.down)
    harness.type("s")
    // Three lines typed before the first answers: each answer follows its own line.
    harness.type("hostname")
    harness.press(.enter)
    harness.type("uptime")
    harness.press(.enter)
    harness.type("hostname")
    harness.press(.enter)
    let expected = [
      "crash$ hostname", "crash", "crash$ uptime", "sh: uptime: not found", "exit status 127", "crash$ hostname", "crash",
    ]
    await harness.waitFor { (harness.app.pane as? ShellPane)?.transcript.suffix(7) == expected[...] }
    #expect((harness.app.pane as? ShellPane)?.transcript.suffix(7) == expected[...])
    // An exit typed ahead closes the pane once the command before it has answered.
    harness.type("hostname")
    harness.press(.enter)
    harness.type("exit")
    harness.press(.enter)
    await harness.waitFor { harness.app.pane == nil }
    #expect(harness.app.pane == nil)
  }

  @Test func logsOfAPodWithSeveralContainersAskWhichOne() async {
    let harness = await Harness()
    defer { harness.stop() }
    harness.type("/setup")
    harness.press(.enter)
    _ = harness.screen()
    #expect(harness.app.current?.selectedObject?.name == "setup")
    // Logs: its init container is listed too; the app container is highlighted first.
    harness.type("l")
    let screen = harness.screen().joined(separator: "\n")
    #expect(screen.contains("Logs of setup"))
    #expect(screen.contains("  1 init:init  (busybox)") && screen.contains("> 2 main  (nginx"), "\(screen)")
    harness.press(.enter)
    #expect(harness.screen()[4].contains("logs(default/setup:main)"))
    harness.press(.escape)
    // A digit picks at once.
    harness.type("l")
    harness.type("1")
    #expect(harness.screen()[4].contains("logs(default/setup:init)"))
    harness.press(.escape)
    // Escape closes the list without opening anything.
    harness.type("l")
    harness.press(.escape)
    #expect(harness.app.pane == nil)
    // The shell lists app containers only: with one, it opens at once.
    harness.type("s")
    #expect(harness.app.pane is ShellPane)
    #expect(harness.screen()[4].contains("shell(default/setup:main)"))
  }

  @Test func deleteAsksFirst() async {
    let harness = await Harness()
    defer { harness.stop() }
    harness.press(.ctrl("d"))
    #expect(harness.screen().contains { $0.contains("Delete pod/batch?") })
    harness.press(.escape)
    #expect(harness.app.cache.pods.count == 9)
    harness.press(.ctrl("d"))
    harness.type("y")
    await harness.waitFor { harness.app.cache.pods.count == 8 }
    #expect(harness.app.flashText == "pod \"batch\" deleted")
  }

  @Test func helpIsGeneratedFromTheKeymap() async {
    let harness = await Harness()
    defer { harness.stop() }
    harness.type(":nodes")
    harness.press(.enter)
    harness.type("?")
    let screen = harness.screen().joined(separator: "\n")
    #expect(screen.contains("NODES"))
    #expect(screen.contains("<c>") && screen.contains("Cordon"))
    #expect(screen.contains("Power (confirm)"))
  }

  @Test func powerDialogSaysWhichWayItSwitches() async {
    let harness = await Harness()
    defer { harness.stop() }
    harness.type(":nodes")
    harness.press(.enter)
    let node = harness.app.current?.selectedObject?.name ?? ""
    harness.type("F")
    await harness.waitFor { harness.screen().joined().contains("Power node \(node) off?") }
    #expect(harness.screen().joined().contains("Power node \(node) off?"))
    harness.type("y")
    await harness.waitFor { harness.app.flashText == "node/\(node) powered off" }
    #expect(await harness.cluster.isNodePoweredOn(node: node) == false)
    // Asked again, it offers the other way, and switching it back says so.
    harness.type("F")
    await harness.waitFor { harness.screen().joined().contains("Power node \(node) on?") }
    #expect(harness.screen().joined().contains("Power node \(node) on?"))
    harness.type("y")
    await harness.waitFor { harness.app.flashText == "node/\(node) powered on" }
    #expect(await harness.cluster.isNodePoweredOn(node: node))
  }

  @Test func k9sSortKeysOrderPodsAndNodes() async {
    let harness = await Harness()
    defer { harness.stop() }
    /// The second word of each row: the name in the pods view, the status in the nodes view.
    func column(_ index: Int, rows: Int) -> [String] {
      harness.screen().dropFirst(6).prefix(rows).map { line in
        let words = line.dropFirst().split(separator: " ")
        return index < words.count ? String(words[index]) : ""
      }
    }
    // <shift-t>: most restarts first, as k9s does; again: fewest first.
    harness.type("T")
    #expect(harness.screen()[5].contains("RESTARTS↓"))
    #expect(Array(column(1, rows: 3)) == ["crash", "hog", "batch"])
    harness.type("T")
    #expect(column(1, rows: 9).last == "crash")
    // <shift-s>: status in ascending order.
    harness.type("S")
    #expect(harness.screen()[5].contains("STATUS↑"))
    #expect(Array(column(3, rows: 3)) == ["Completed", "ContainerCreating", "CrashLoopBackOff"])
    // <shift-o>: by node, the unscheduled pod first.
    harness.type("O")
    #expect(column(1, rows: 1) == ["pending"])
    // The theme key still cycles themes where no view key hides it.
    harness.type(":nodes")
    harness.press(.enter)
    // A node's usage is its %CPU column (REQ-CPU is what its pods request).
    await harness.waitFor { harness.app.cache.nodeUsage.count == 3 }
    harness.type("C")
    #expect(harness.screen()[5].contains("%CPU↓"))
    #expect(column(0, rows: 3) == ["worker-1", "worker-2", "cp-1"])
    harness.type("T")
    #expect(harness.app.flashText == "theme monochrome")
  }

  @Test func aNamespaceThatDoesNotExistIsNamed() async {
    let harness = await Harness()
    defer { harness.stop() }
    harness.type(":pods nope")
    harness.press(.enter)
    #expect(harness.screen()[4].contains("pods(nope)[0]"))
    #expect(harness.app.flashText == "namespace \"nope\" not found")
    // `all`, as in k9s, is every namespace, not one called so.
    harness.type(":pods all")
    harness.press(.enter)
    #expect(harness.screen()[4].contains("pods(all)[9]"))
  }

  @Test func simulationKeysAndQuit() async {
    let harness = await Harness()
    defer { harness.stop() }
    harness.type("+")
    #expect(harness.app.simulationStatus?.speed == 2)
    harness.type(" ")
    #expect(harness.app.simulationStatus?.isPaused == true)
    #expect(harness.screen()[0].hasSuffix("PAUSED"))
    #expect(harness.app.handle(.character("q")) == .quit)
    #expect(harness.app.handle(.ctrl("c")) == .quit)
  }
}
