#pragma once
// Windows drawn over the panels (the help, the callbacks queue, the KB's problems, training
// screens): centred on the console, sized as a share of it so that they follow the screen.
#include <imgui.h>

namespace sufler::console {

// Places and sizes the next window: centred, widthShare × heightShare of the work area.
void centerNextWindow(float widthShare, float heightShare, ImGuiCond cond);

// The foot of a form written to the journal: «Записывается в журнал…» while it is, otherwise
// its two buttons. Which one was clicked.
struct FormFooter {
    bool save = false;
    bool cancel = false;
};
[[nodiscard]] FormFooter drawFormFooter(bool saving, const char* saveLabel,
                                        const char* cancelLabel);

} // namespace sufler::console
