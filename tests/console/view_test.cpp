// The console's views in an ImGui context without a window: fonts, Markdown drawn and clicked,
// the help overlay, the callbacks queue.
#include "console/callbacks_view.h"
#include "console/fonts.h"
#include "console/help_overlay.h"
#include "console/keymap.h"
#include "console/markdown_view.h"
#include "console/status_view.h"

#include <catch2/catch.hpp>
#include <imgui.h>
#include <imgui_internal.h>

#include <functional>

using namespace sufler::console;

namespace {

// An ImGui context with the console's fonts, drawing into nothing.
class HeadlessImGui {
public:
    explicit HeadlessImGui(float scale = 1.0f) {
        m_context = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1200, 800);
        io.DeltaTime = 1.0f / 60;
        m_loaded = loadFonts(*io.Fonts, m_fonts, scale);
        unsigned char* pixels = nullptr;
        int width = 0, height = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height); // builds the atlas
    }
    ~HeadlessImGui() { ImGui::DestroyContext(m_context); }
    HeadlessImGui(const HeadlessImGui&) = delete;
    HeadlessImGui& operator=(const HeadlessImGui&) = delete;

    [[nodiscard]] const Fonts& fonts() const { return m_fonts; }
    [[nodiscard]] bool loaded() const { return m_loaded; }

    void frame(const std::function<void()>& draw) {
        ImGui::NewFrame();
        draw();
        ImGui::Render();
    }

private:
    ImGuiContext* m_context = nullptr;
    Fonts m_fonts;
    bool m_loaded = false;
};

} // namespace

TEST_CASE("view: DejaVu with Cyrillic and the signs of Russian text", "[view]") {
    HeadlessImGui imgui;
    REQUIRE(imgui.loaded()); // fonts-dejavu-core is a dependency
    const Fonts& fonts = imgui.fonts();
    for (ImFont* font : {fonts.regular, fonts.bold, fonts.italic, fonts.mono, fonts.heading1,
                         fonts.heading2, fonts.large}) {
        REQUIRE(font);
        for (ImWchar c : {ImWchar(u'Ж'), ImWchar(u'ё'), ImWchar(u'—'), ImWchar(u'…'), ImWchar(u'№'),
                          ImWchar(u'«'), ImWchar(u'»'), ImWchar(u'₽')}) {
            INFO("U+" << std::hex << c);
            CHECK(font->FindGlyphNoFallback(c) != nullptr);
        }
    }
}

TEST_CASE("view: font sizes are multiples of one base size that follows the screen", "[view]") {
    for (float scale : {1.0f, 1.5f, 2.0f}) {
        HeadlessImGui imgui(scale);
        const Fonts& fonts = imgui.fonts();
        INFO("scale " << scale);
        CHECK(fonts.baseSize == Approx(kBaseFontSize * scale));
        CHECK(fonts.regular->FontSize == Approx(fonts.baseSize));
        CHECK(fonts.heading1->FontSize == Approx(fonts.baseSize * 1.35f));
        CHECK(fonts.heading2->FontSize == Approx(fonts.baseSize * 1.15f));
        CHECK(fonts.large->FontSize == Approx(fonts.baseSize * 2.0f)); // a contact's phone
    }
}

TEST_CASE("view: an entry's link is clicked and reported", "[view]") {
    HeadlessImGui imgui;
    const auto document =
        MarkdownDocument::parse("[Кто имеет право](faq.md#кто-имеет-право) — читайте.\n\n"
                                "- [ ] задача\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
    std::optional<std::string> clicked;
    std::optional<int> toggled;
    ImVec2 linkAt;
    auto draw = [&] {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(600, 400));
        ImGui::Begin("entry");
        linkAt = ImGui::GetCursorScreenPos();
        const auto interaction = drawMarkdown(document, imgui.fonts());
        if (interaction.clickedLink)
            clicked = interaction.clickedLink;
        if (interaction.toggledTask)
            toggled = interaction.toggledTask;
        ImGui::End();
    };
    imgui.frame(draw);
    ImGuiIO& io = ImGui::GetIO();
    // press and release over the first words, which are the link
    io.MousePos = ImVec2(linkAt.x + 10, linkAt.y + imgui.fonts().baseSize * 0.5f);
    imgui.frame(draw);
    io.MouseDown[0] = true;
    imgui.frame(draw);
    io.MouseDown[0] = false;
    imgui.frame(draw);
    REQUIRE(clicked);
    CHECK(*clicked == "faq.md#кто-имеет-право");
    CHECK_FALSE(toggled);
    CHECK(ImGui::GetDrawData()->TotalVtxCount > 0);
}

TEST_CASE("view: the F1 overlay draws a row for every key", "[view]") {
    HeadlessImGui imgui;
    HelpOverlay help;
    help.toggle();
    REQUIRE(help.isOpen());
    for (int i = 0; i < 3; ++i) // tables settle their sizes over a frame or two
        imgui.frame([&] { help.draw(imgui.fonts()); });
    ImGuiWindow* window = ImGui::FindWindowByName("Клавиши пульта (F1 — закрыть)###help");
    REQUIRE(window);
    CHECK(window->Active);
    const float rows = static_cast<float>(Keymap::help().size());
    CHECK(window->ContentSize.y >= rows * imgui.fonts().baseSize);
    help.close();
    imgui.frame([&] { help.draw(imgui.fonts()); });
    CHECK_FALSE(window->Active);
}

namespace {

std::vector<CallbackRow> queueRows(std::initializer_list<std::int64_t> ids) {
    std::vector<CallbackRow> rows;
    for (const std::int64_t id : ids) {
        CallbackRow row;
        row.callId = id;
        row.callNumber = static_cast<int>(id) + 100;
        row.phone = "+7 900 000-00-0" + std::to_string(id);
        row.convenientHours = "днём";
        row.question = "Вопрос звонка " + std::to_string(id);
        row.due = "05.11.2026";
        row.overdue = true;
        rows.push_back(row);
    }
    return rows;
}

} // namespace

TEST_CASE("view: the callbacks queue keeps its selection on the same call and locks it while "
          "the result is typed",
          "[view]") {
    CallbacksView queue;
    queue.setOpen(true);
    CHECK(queue.selectedRow() == nullptr);
    CHECK_FALSE(queue.startEdit(CallbackEdit::Result)); // nothing loaded yet: nothing to answer
    CHECK_FALSE(queue.setRows(queueRows({1, 2, 3})));
    REQUIRE(queue.selectedRow());
    CHECK(queue.selectedRow()->callId == 1);
    queue.moveSelection(1);
    queue.moveSelection(1);
    queue.moveSelection(1); // stops at the last row
    CHECK(queue.state().selected == 2);
    queue.moveSelection(-1);
    CHECK(queue.selectedRow()->callId == 2);
    // a reload with a call booked before it: the selection stays on call 2
    queue.setRows(queueRows({7, 1, 2, 3}));
    CHECK(queue.selectedRow()->callId == 2);

    REQUIRE(queue.startEdit(CallbackEdit::Result));
    CHECK(queue.editedRow()->callId == 2);
    REQUIRE(queue.startEdit(CallbackEdit::Extend)); // the same row's field, now for the reason
    CHECK(queue.state().edit == CallbackEdit::Extend);
    CHECK(queue.editedRow()->callId == 2);
    queue.moveSelection(1); // the field belongs to call 2 until recorded or cancelled
    CHECK(queue.selectedRow()->callId == 2);
    // answered elsewhere: the field closes and says which call left
    const auto gone = queue.setRows(queueRows({7, 1, 3}));
    REQUIRE(gone);
    CHECK(*gone == 102);
    CHECK_FALSE(queue.editing());
    CHECK(queue.selectedRow() != nullptr); // the row now in its place
    CHECK(queue.setRows({}) == std::nullopt);
    CHECK(queue.state().selected == -1);
    CHECK_FALSE(queue.startEdit(CallbackEdit::Result));
    queue.setRows(queueRows({1}));
    REQUIRE(queue.startEdit(CallbackEdit::Result));
    queue.setOpen(false); // closing the queue drops the field
    CHECK_FALSE(queue.editing());
}

TEST_CASE("view: a queue load that failed keeps the rows loaded before and says why until a load "
          "succeeds",
          "[view]") {
    CallbacksView queue;
    queue.setOpen(true);
    queue.markFailed("сервер журнала недоступен");
    CHECK(queue.state().loaded); // not «Загрузка…» for ever
    CHECK(queue.state().rows.empty());
    CHECK(queue.state().failure == "сервер журнала недоступен");
    CHECK_FALSE(queue.state().loadedOnce); // «не загружена», not «не обновлена»

    queue.setRows(queueRows({1, 2}));
    CHECK(queue.state().failure.empty());
    CHECK(queue.state().loadedOnce);
    queue.moveSelection(1);
    REQUIRE(queue.startEdit(CallbackEdit::Result));
    queue.markFailed("сервер журнала недоступен");
    // what was shown stays, and so does the row being answered
    CHECK(queue.state().rows.size() == 2);
    CHECK(queue.editedRow() != nullptr);
    CHECK(queue.selectedRow()->callId == 2);
    CHECK_FALSE(queue.state().failure.empty());
    queue.setRows(queueRows({2}));
    CHECK(queue.state().failure.empty());
}

TEST_CASE("view: a click selects a callback row, a double click opens its result field", "[view]") {
    HeadlessImGui imgui;
    CallbacksView queue;
    queue.setOpen(true);
    queue.setRows(queueRows({1, 2, 3}));
    CallbacksView::Outcome outcome;
    auto draw = [&] { outcome = queue.draw(imgui.fonts()); };
    for (int i = 0; i < 3; ++i) // the window and its table settle their sizes
        imgui.frame(draw);
    ImGuiWindow* window = ImGui::FindWindowByName("Обратные звонки: просроченные, на сегодня и "
                                                  "ближайшие дни (F4, Esc — закрыть)###callbacks");
    REQUIRE(window);
    CHECK(window->Active);
    CHECK(queue.state().selected == 0);
    // the third row's question: header, then two rows of one line each
    ImGuiIO& io = ImGui::GetIO();
    const float line = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
    const ImVec2 table = window->ContentRegionRect.Min;
    io.MousePos =
        ImVec2(table.x + window->ContentRegionRect.GetWidth() * 0.8f, table.y + line * 3.5f);
    imgui.frame(draw);
    io.MouseDown[0] = true;
    imgui.frame(draw);
    io.MouseDown[0] = false;
    imgui.frame(draw);
    CHECK(queue.state().selected == 2);
    CHECK_FALSE(outcome.startEdit);
    // a second click soon after: a double click, the result field for that row
    bool startEdit = false;
    io.MouseDown[0] = true;
    imgui.frame([&] {
        draw();
        startEdit = startEdit || outcome.startEdit;
    });
    io.MouseDown[0] = false;
    imgui.frame(draw);
    CHECK(startEdit);
}

TEST_CASE("view: the senior's panel draws every section, and a call's duration ticks between "
          "readings",
          "[view]") {
    using namespace sufler::journal;
    CHECK(callDuration(65) == "1:05");
    CHECK(callDuration(3725) == "1:02:05");
    HotlineStatus status;
    status.at = "2026-12-06 10:00:00";
    HeldCall onCall;
    onCall.call.number = 7;
    onCall.holder = CallHolder{"run", Workstation{"ws", "desk-2"}, "Оператор Смирнова", "", true};
    status.inProgress.push_back(CallInProgress{onCall, 125});
    HeldCall left = onCall;
    left.call.number = 5;
    left.holder->alive = false;
    status.abandoned.push_back(left);
    status.today["Оператор Смирнова"] = OperatorDay{2, 1, 1, 0, 0};
    Callback callback;
    callback.callNumber = 3;
    callback.overdue = true;
    callback.deferred.claim = CallbackClaim{"Оператор Петров", Workstation{"ws2", "desk-3"}, ""};
    status.queue.push_back(callback);
    CHECK(status.overdue() == 1);

    HeadlessImGui imgui;
    StatusView view;
    view.setOpen(true);
    imgui.frame([&] { view.draw(imgui.fonts()); }); // «Загрузка…» before the first reading
    view.setStatus(status);
    CHECK(view.secondsNow(view.state().status->inProgress[0]) >= 125);
    for (int i = 0; i < 2; ++i)
        imgui.frame([&] { view.draw(imgui.fonts()); });
    CHECK(view.isOpen());
    view.setError("нет связи");
    imgui.frame([&] { view.draw(imgui.fonts()); });
    CHECK(view.state().status.has_value()); // the last reading stays in sight with the error
}

TEST_CASE("view: the queue holds callbacks, reminders and campaign calls apart by kind — the "
          "selection, a taken reminder's move to a free slot and back",
          "[view]") {
    auto item = [](QueueKind kind, std::int64_t id) {
        QueueItem row;
        row.kind = kind;
        (kind == QueueKind::Callback ? row.callId : row.itemId) = id;
        row.offsetMinutes = kind == QueueKind::Reminder ? 1440 : 0;
        return row;
    };
    CallbacksView queue;
    queue.setOpen(true);
    // one id, three kinds: three rows, never taken for one another
    queue.setRows(
        {item(QueueKind::Callback, 1), item(QueueKind::Reminder, 1), item(QueueKind::Campaign, 1)});
    queue.moveSelection(2);
    REQUIRE(queue.selectedRow()->kind == QueueKind::Campaign);
    queue.setRows({item(QueueKind::Campaign, 1), item(QueueKind::Callback, 1)});
    CHECK(queue.selectedRow()->kind == QueueKind::Campaign);
    CHECK(queue.state().selected == 0);
    CHECK(queue.select(1)); // the callback of call 1
    CHECK(queue.selectedRow()->kind == QueueKind::Callback);

    queue.setRows({item(QueueKind::Callback, 1), item(QueueKind::Reminder, 1)});
    REQUIRE(queue.selectKey(item(QueueKind::Reminder, 1).key()));
    REQUIRE(queue.startEdit(CallbackEdit::Outcome));
    CHECK(queue.outcomeOpen());
    CHECK_FALSE(queue.fieldOpen()); // the digits choose, nothing is typed
    queue.startMove();
    CHECK(queue.state().slotsLoading);
    CHECK(queue.selectedSlot() == nullptr);
    queue.setSlots({"2026-12-08 11:45", "2026-12-10 09:00"});
    queue.moveSlot(5);
    REQUIRE(queue.selectedSlot());
    CHECK(*queue.selectedSlot() == "2026-12-10 09:00");
    queue.back(); // Esc: back to the results, still taken
    CHECK(queue.outcomeOpen());
    CHECK(queue.selectedSlot() == nullptr);
    queue.startCallLater();
    CHECK(queue.fieldOpen());
    queue.back();
    queue.back(); // the second Esc returns it
    CHECK_FALSE(queue.editing());

    // recorded on another console: the part closes and says which item left
    queue.setRows({item(QueueKind::Callback, 1), item(QueueKind::Reminder, 1)});
    REQUIRE(queue.selectKey(item(QueueKind::Reminder, 1).key()));
    REQUIRE(queue.startEdit(CallbackEdit::Outcome));
    const auto gone = queue.setRows({item(QueueKind::Callback, 1)});
    REQUIRE(gone);
    REQUIRE(queue.leftItem());
    CHECK(queue.leftItem()->kind == QueueKind::Reminder);
    CHECK_FALSE(queue.editing());
}
