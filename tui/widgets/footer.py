"""The key line at the bottom: the few keys that work in the focused pane, `?` and the way out always first.

Textual's Footer lists the focused widget's keys first and the app's last, so at 80 columns `?` and `q` were cut
off, and while typing in the query box it offered letter keys that only type letters. This one puts help and
back/quit first, drops keys the box would swallow, and stops before the line is full.
"""
from __future__ import annotations

from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey

FIRST = ("app.help", "query.help", "app.back", "app.quit_now")
PRINTABLE = 1  # a one-character key is typed into a focused Input, not run


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__(show_command_palette=False, compact=True)

    def compose(self):
        if not self._bindings_ready:
            return
        focused = self.screen.focused
        typing = isinstance(focused, Input)
        chosen, actions = [], set()
        for node, binding, enabled, tooltip in self.screen.active_bindings.values():
            always = binding.id in ("app.help", "app.back") or (typing and binding.id == "app.quit_now")
            if not (binding.show or always) or binding.action in actions:
                continue
            if typing and node is not focused and len(self.app.get_key_display(binding)) == PRINTABLE \
                    and not binding.priority:
                continue  # the box would type it
            if typing and binding.id == "app.back":
                continue  # q types a q
            actions.add(binding.action)
            chosen.append((binding, enabled, tooltip))
        chosen.sort(key=lambda b: (FIRST.index(b[0].id) if b[0].id in FIRST else len(FIRST)))
        budget = self.app.size.width - 1
        for binding, enabled, tooltip in chosen:
            key = self.app.get_key_display(binding)
            description = self._describe(binding)
            budget -= len(key) + len(description) + 3
            if budget < 0:
                break
            # always compact: the class given at once, not data-bound (binding it restyled every key on every
            # recompose, i.e. on each focus change)
            yield FooterKey(binding.key, key, description, binding.action, disabled=not enabled,
                            tooltip=tooltip, classes="-compact")

    def _describe(self, binding) -> str:
        if binding.id == "app.back" and len(getattr(self.app, "history", ())) <= 1:
            return "Quit"
        if binding.id == "app.quit_now":
            return "Quit"
        if binding.id == "app.slash":
            return "Find" if getattr(self.app, "view", "") == "reader" else "Search"
        return binding.description

    def on_resize(self) -> None:
        self.call_after_refresh(self.recompose)
