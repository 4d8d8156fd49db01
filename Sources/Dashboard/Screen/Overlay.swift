import TerminalUI

/// What is drawn over the table and takes the keys first.
enum Overlay {
  /// Nothing: keys go to the view.
  case none
  /// The `:` command bar.
  case command(CommandPrompt)
  /// The `/` filter.
  case filter(CommandPrompt)
  /// The `?` screen.
  case help(HelpOverlay)
  /// A yes/no question and what to do on yes.
  case confirm(ConfirmDialog, () -> Void)
  /// A list to pick one item from and what to do with the index picked.
  case pick(PickerDialog, (Int) -> Void)
  /// A form and what to do with its values.
  case form(FormDialog, ([(label: String, value: FormDialog.Value)]) -> Void)
}
