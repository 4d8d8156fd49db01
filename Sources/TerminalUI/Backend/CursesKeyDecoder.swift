import CNCursesW

/// Turns `get_wch` results into `Key`s.
enum CursesKeyDecoder {
  /// Decodes a function-key code (`get_wch` returned `KEY_CODE_YES`).
  static func key(forKeyCode code: Int32, mouse: () -> MouseEvent?) -> Key? {
    switch code {
    case KEY_UP: return .up
    case KEY_DOWN: return .down
    case KEY_LEFT: return .left
    case KEY_RIGHT: return .right
    case KEY_PPAGE: return .pageUp
    case KEY_NPAGE: return .pageDown
    case KEY_HOME: return .home
    case KEY_END: return .end
    case KEY_ENTER: return .enter
    case KEY_BACKSPACE: return .backspace
    case KEY_DC: return .delete
    case KEY_IC: return .insert
    case KEY_BTAB: return .backTab
    case KEY_RESIZE: return .resize
    case KEY_MOUSE: return mouse().map { .mouse($0) }
    default:
      for number in 1...24 where code == nc_key_f(Int32(number)) {
        return .function(number)
      }
      return nil
    }
  }

  /// Reads the pending mouse event after `KEY_MOUSE`.
  static func readMouse() -> MouseEvent? {
    var event = MEVENT()
    guard getmouse(&event) == OK else { return nil }
    let state = event.bstate
    let action: MouseEvent.Action
    if state & nc_button4_pressed() != 0 {
      action = .scrollUp
    } else if nc_button5_pressed() != 0 && state & nc_button5_pressed() != 0 {
      action = .scrollDown
    } else if state & nc_button1_clicked() != 0 {
      action = .click
    } else if state & nc_button1_pressed() != 0 {
      action = .press
    } else if state & nc_button1_released() != 0 {
      action = .release
    } else {
      action = .other
    }
    return MouseEvent(row: Int(event.y), column: Int(event.x), action: action)
  }
}
