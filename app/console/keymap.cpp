// The key table. ImGui 1.86 keeps key state by the backend's key codes (io.KeysDown indexed by
// GLFW_KEY_*), so bindings are GLFW codes plus exact modifiers.
#include "console/keymap.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <array>

namespace sufler::console {

namespace {

enum Mod : unsigned { None = 0, Ctrl = 1, Alt = 2, Shift = 4 };

enum class When {
    Always,
    Calm,        // no overlay open
    CalmNoQueue, // no overlay open and the callbacks queue has not the keyboard
    ListKeys,    // results navigation: search box focused or no text field active
    Queue,       // the callbacks queue has the keyboard, no field open under it
    QueueField,  // the callbacks queue's result field is open
    QueueOutcome, // a reminder or a campaign call taken in the queue waits for its result
    NoText,      // no text field has the keyboard
    Survey,      // the survey is open
    Prompt,      // «Кто работает за пультом?» is open
    Outgoing,    // the outgoing call's window is open
    Applicant,   // the applicant card's window is open
    Booking,     // the booking window is open
    BookingList, // ...and no text field of it has the keyboard
};

struct Binding {
    int key;
    unsigned mods;
    Action action;
    int index;
    When when;
};

std::vector<Binding> makeBindings() {
    std::vector<Binding> bindings = {
        {GLFW_KEY_UP, None, Action::OperatorUp, 0, When::Prompt},
        {GLFW_KEY_DOWN, None, Action::OperatorDown, 0, When::Prompt},
        {GLFW_KEY_ENTER, None, Action::OperatorTake, 0, When::Prompt},
        {GLFW_KEY_KP_ENTER, None, Action::OperatorTake, 0, When::Prompt},
        {GLFW_KEY_ENTER, Ctrl, Action::OutgoingFinish, 0, When::Outgoing},
        {GLFW_KEY_KP_ENTER, Ctrl, Action::OutgoingFinish, 0, When::Outgoing},
        {GLFW_KEY_F5, None, Action::OutgoingCall, 0, When::Calm},
        {GLFW_KEY_F7, None, Action::TakeRing, 0, When::Calm},
        {GLFW_KEY_K, Ctrl | Shift, Action::ApplicantCard, 0, When::Calm},
        {GLFW_KEY_UP, None, Action::ApplicantUp, 0, When::Applicant},
        {GLFW_KEY_DOWN, None, Action::ApplicantDown, 0, When::Applicant},
        {GLFW_KEY_ENTER, None, Action::ApplicantChoose, 0, When::Applicant},
        {GLFW_KEY_KP_ENTER, None, Action::ApplicantChoose, 0, When::Applicant},
        {GLFW_KEY_ENTER, Ctrl, Action::ApplicantSave, 0, When::Applicant},
        {GLFW_KEY_KP_ENTER, Ctrl, Action::ApplicantSave, 0, When::Applicant},
        {GLFW_KEY_B, Ctrl, Action::BookConsultation, 0, When::Calm},
        {GLFW_KEY_B, Ctrl | Shift, Action::CallerBookings, 0, When::Calm},
        {GLFW_KEY_UP, None, Action::BookingUp, 0, When::BookingList},
        {GLFW_KEY_DOWN, None, Action::BookingDown, 0, When::BookingList},
        {GLFW_KEY_LEFT, None, Action::BookingPrev, 0, When::BookingList},
        {GLFW_KEY_RIGHT, None, Action::BookingNext, 0, When::BookingList},
        {GLFW_KEY_ENTER, None, Action::BookingChoose, 0, When::Booking},
        {GLFW_KEY_KP_ENTER, None, Action::BookingChoose, 0, When::Booking},
        {GLFW_KEY_DELETE, None, Action::BookingCancel, 0, When::BookingList},
        {GLFW_KEY_H, Ctrl, Action::CallerHistory, 0, When::Calm},
        {GLFW_KEY_F1, None, Action::Help, 0, When::Always},
        {GLFW_KEY_ESCAPE, None, Action::Back, 0, When::Always},
        {GLFW_KEY_Q, Ctrl, Action::Quit, 0, When::Always},
        {GLFW_KEY_F2, None, Action::TrainingMenu, 0, When::Always},
        {GLFW_KEY_F, Ctrl, Action::FocusSearch, 0, When::Calm},
        {GLFW_KEY_F3, None, Action::FocusSearch, 0, When::Calm},
        {GLFW_KEY_UP, None, Action::ResultUp, 0, When::ListKeys},
        {GLFW_KEY_DOWN, None, Action::ResultDown, 0, When::ListKeys},
        {GLFW_KEY_ENTER, None, Action::OpenResult, 0, When::ListKeys},
        {GLFW_KEY_KP_ENTER, None, Action::OpenResult, 0, When::ListKeys},
        {GLFW_KEY_UP, None, Action::CallbackUp, 0, When::Queue},
        {GLFW_KEY_DOWN, None, Action::CallbackDown, 0, When::Queue},
        {GLFW_KEY_ENTER, None, Action::CallbackResult, 0, When::Queue},
        {GLFW_KEY_KP_ENTER, None, Action::CallbackResult, 0, When::Queue},
        {GLFW_KEY_ENTER, None, Action::CallbackRecord, 0, When::QueueField},
        {GLFW_KEY_KP_ENTER, None, Action::CallbackRecord, 0, When::QueueField},
        {GLFW_KEY_N, Ctrl, Action::NewCall, 0, When::Calm},
        {GLFW_KEY_E, Ctrl, Action::EndCall, 0, When::Calm},
        {GLFW_KEY_BACKSPACE, Alt, Action::ScriptBack, 0, When::Calm},
        {GLFW_KEY_LEFT, Alt, Action::ScriptBack, 0, When::Calm},
        {GLFW_KEY_C, Ctrl | Shift, Action::CopyTemplate, 0, When::Calm},
        {GLFW_KEY_T, Ctrl, Action::Transfer, 0, When::Calm},
        {GLFW_KEY_K, Ctrl, Action::FocusCard, 0, When::Calm},
        {GLFW_KEY_D, Ctrl, Action::DeferAnswer, 0, When::Calm},
        // in the queue, Ctrl+Shift+D extends the selected callback instead of this call's
        {GLFW_KEY_D, Ctrl | Shift, Action::ExtendDeferred, 0, When::CalmNoQueue},
        {GLFW_KEY_D, Ctrl | Shift, Action::CallbackExtend, 0, When::Queue},
        {GLFW_KEY_F4, None, Action::Callbacks, 0, When::Calm},
        {GLFW_KEY_F6, None, Action::SeniorPanel, 0, When::Calm},
        {GLFW_KEY_U, Ctrl, Action::FlagOutdated, 0, When::Calm},
        {GLFW_KEY_N, Ctrl | Shift, Action::FlagNoAnswer, 0, When::Calm},
        {GLFW_KEY_O, Ctrl, Action::OutOfScope, 0, When::Calm},
        {GLFW_KEY_EQUAL, Ctrl, Action::ZoomIn, 0, When::Always},
        {GLFW_KEY_KP_ADD, Ctrl, Action::ZoomIn, 0, When::Always},
        {GLFW_KEY_MINUS, Ctrl, Action::ZoomOut, 0, When::Always},
        {GLFW_KEY_KP_SUBTRACT, Ctrl, Action::ZoomOut, 0, When::Always},
    };
    for (int n = 1; n <= 9; ++n) {
        bindings.push_back({GLFW_KEY_0 + n, Alt, Action::ChooseWay, n, When::Calm});
        bindings.push_back({GLFW_KEY_KP_0 + n, Alt, Action::ChooseWay, n, When::Calm});
        bindings.push_back({GLFW_KEY_0 + n, Ctrl, Action::ToggleTask, n, When::Calm});
    }
    for (int n = 1; n <= 9; ++n)
        bindings.push_back({GLFW_KEY_0 + n, Alt, Action::OutgoingScript, n, When::Outgoing});
    for (int n = 1; n <= 4; ++n) // the order of CardMark
        bindings.push_back({GLFW_KEY_0 + n, Ctrl | Alt, Action::ToggleMark, n, When::Calm});
    for (int n = 1; n <= 5; ++n) { // the order of queueResultKeys
        bindings.push_back({GLFW_KEY_0 + n, None, Action::QueueResult, n, When::QueueOutcome});
        bindings.push_back({GLFW_KEY_KP_0 + n, None, Action::QueueResult, n, When::QueueOutcome});
    }
    for (int n = 1; n <= 3; ++n) {
        bindings.push_back({GLFW_KEY_0 + n, None, Action::SurveyAnswer, n, When::Survey});
        bindings.push_back({GLFW_KEY_KP_0 + n, None, Action::SurveyAnswer, n, When::Survey});
    }
    return bindings;
}

const std::vector<Binding>& bindings() {
    static const std::vector<Binding> table = makeBindings();
    return table;
}

bool applies(When when, const KeyContext& context) {
    // the start-of-shift question has the keyboard: its keys, Esc and the window's
    if (context.operatorPromptOpen)
        return when == When::Prompt || when == When::Always;
    if (context.outgoingOpen) // the outgoing call's window: its keys, Esc and the window's
        return (when == When::Outgoing && !context.helpOpen) || when == When::Always;
    if (context.applicantOpen) // the applicant card's window, the same way
        return (when == When::Applicant && !context.helpOpen) || when == When::Always;
    if (context.bookingOpen)
        return (!context.helpOpen &&
                (when == When::Booking || (when == When::BookingList && !context.bookingText))) ||
               when == When::Always;
    switch (when) {
    case When::Prompt:
    case When::Outgoing:
    case When::Applicant:
    case When::Booking:
    case When::BookingList:
        return false;
    case When::Always:
        return true;
    case When::Calm:
        return !context.helpOpen && !context.surveyOpen;
    case When::CalmNoQueue:
        return !context.helpOpen && !context.surveyOpen && !context.callbacksFocused;
    case When::ListKeys: // the queue's window is in front of the results: the arrows are its
        return !context.helpOpen && !context.surveyOpen && !context.callbacksFocused &&
               (context.searchFocused || !context.textInputActive);
    case When::Queue:
        return !context.helpOpen && context.callbacksFocused && !context.callbackResultOpen;
    case When::QueueField:
        return !context.helpOpen && context.callbacksFocused && context.callbackResultOpen;
    case When::QueueOutcome:
        return !context.helpOpen && context.callbacksFocused && context.queueOutcomeOpen;
    case When::NoText:
        return !context.helpOpen && !context.surveyOpen && !context.textInputActive;
    case When::Survey: // the queue's result digits come first while it waits for one
        return context.surveyOpen && !context.helpOpen &&
               !(context.callbacksFocused && context.queueOutcomeOpen);
    }
    return false;
}

} // namespace

std::vector<KeyEvent> Keymap::translate(const KeySnapshot& keys, const KeyContext& context) const {
    const unsigned mods =
        (keys.ctrl ? Ctrl : None) | (keys.alt ? Alt : None) | (keys.shift ? Shift : None);
    std::vector<KeyEvent> events;
    for (const Binding& binding : bindings()) {
        if (binding.mods != mods || !applies(binding.when, context))
            continue;
        if (std::find(keys.pressed.begin(), keys.pressed.end(), binding.key) == keys.pressed.end())
            continue;
        events.push_back({binding.action, binding.index});
    }
    return events;
}

KeySnapshot Keymap::snapshotFromImGui() {
    const ImGuiIO& io = ImGui::GetIO();
    KeySnapshot snapshot;
    snapshot.ctrl = io.KeyCtrl;
    snapshot.alt = io.KeyAlt;
    snapshot.shift = io.KeyShift;
    // Only the keys of the table are looked at; arrows repeat while held, others do not.
    std::vector<int> seen;
    for (const Binding& binding : bindings()) {
        if (std::find(seen.begin(), seen.end(), binding.key) != seen.end())
            continue;
        seen.push_back(binding.key);
        const bool repeat = binding.key == GLFW_KEY_UP || binding.key == GLFW_KEY_DOWN ||
                            binding.key == GLFW_KEY_LEFT || binding.key == GLFW_KEY_RIGHT;
        if (ImGui::IsKeyPressed(binding.key, repeat))
            snapshot.pressed.push_back(binding.key);
    }
    return snapshot;
}

const std::vector<KeyHelp>& Keymap::help() {
    static const std::vector<KeyHelp> lines = {
        {"F1", "Справка по клавишам (открыть и закрыть)", "Окно"},
        {"↑ / ↓, Enter",
         "При запуске, «Кто работает за пультом?»: выбрать ФИО из списка операторов (или "
         "вписать своё) и начать работу; Esc — без имени",
         "Окно"},
        {"Ctrl+F, F3", "Строка поиска: ищет по мере набора", "Поиск"},
        {"↑ / ↓", "Выбрать результат", "Поиск"},
        {"Enter", "Открыть выбранный результат", "Поиск"},
        {"Esc", "Назад: закрыть справку или опрос, вернуться к поиску", "Поиск"},
        {"Ctrl+Shift+C", "Скопировать шаблон с подставленными данными карточки", "Запись"},
        {"Ctrl+T", "Перевести звонок на открытый контакт (не более 2 за звонок)", "Запись"},
        {"Ctrl+U", "Отметить открытую запись: «ответ устарел»", "Запись"},
        {"Ctrl+Shift+N", "Отметить звонок: «нет ответа в базе»", "Запись"},
        {"Ctrl+O", "Сценарий «вопрос вне компетенции» (предлагается, когда в базе нет ответа)",
         "Скрипт"},
        {"Ctrl+N", "Новый звонок: карточка, таймер и скрипт входящего звонка", "Звонок"},
        {"Ctrl+K", "Карточка звонка: первое поле (Tab — следующее поле)", "Звонок"},
        {"Ctrl+D", "Отложенный ответ: обратный звонок по телефону и удобному времени карточки",
         "Звонок"},
        {"Ctrl+Shift+D", "Продлить срок отложенного ответа до 10 рабочих дней (нужен запрос)",
         "Звонок"},
        {"F4",
         "Общая очередь: обратные звонки (просроченные, на сегодня и ближайшие рабочие дни), "
         "напоминания о консультациях, которые пора сделать, и звонки обзвонов (открыть и "
         "закрыть)",
         "Звонок"},
        {"↑ / ↓", "Выбрать звонок в очереди", "Обратные звонки (F4)"},
        {"Enter",
         "Взять выбранный звонок себе (другие пульты видят «взял: …»): обратный звонок — поле "
         "«Что ответили абоненту»; напоминание или обзвон — сценарий звонка с данными записи или "
         "кампании",
         "Обратные звонки (F4)"},
        {"1, 2, 3, 4",
         "Напоминание о консультации взято — результат: 1 дозвонились, напомнили; 2 не "
         "дозвонились (напоминание останется в очереди); 3 отменил запись; 4 перенести — "
         "свободное время специалиста, ↑↓ и Enter",
         "Обратные звонки (F4)"},
        {"1, 2, 3, 4, 5",
         "Звонок обзвона взят — результат: 1 проинформирован; 2 не дозвонились (следующая "
         "попытка через интервал кампании, всего 3); 3 отказался; 4 ошибочный номер; 5 "
         "перезвонить позже — поле «Когда перезвонить», Enter",
         "Обратные звонки (F4)"},
        {"Ctrl+Shift+D",
         "Продлить срок выбранного звонка на 10 рабочих дней: поле «Причина продления»",
         "Обратные звонки (F4)"},
        {"Enter", "В поле — записать результат (или продление) в журнал", "Обратные звонки (F4)"},
        {"Esc",
         "Отменить поле результата (взятый звонок возвращается в очередь; из выбора времени "
         "переноса или «перезвонить позже» — назад к результатам), ещё раз — закрыть очередь",
         "Обратные звонки (F4)"},
        {"F6",
         "Панель старшего оператора: кто на звонке и сколько, звонки за день по операторам, "
         "очередь обратных звонков и кто их взял (sufler-app --senior; открыть и закрыть)",
         "Окно"},
        {"Ctrl+E", "Завершить звонок: опрос, затем запись карточки", "Звонок"},
        {"Ctrl+H",
         "Звонивший раньше (история по номеру телефона карточки): карточка прежнего звонка, "
         "только просмотр; ещё раз — звонок до него, Esc — закрыть",
         "Звонок"},
        {"F5",
         "Исходящий звонок (Приложение 2): карточка — специалист, его телефон, организация, "
         "муниципалитет, вопрос, оператор, примечание — и сценарии исходящего звонка; во время "
         "входящего — по нему",
         "Исходящий звонок (F5)"},
        {"Alt+1 … Alt+9", "Показать начало сценария исходящего звонка с этим номером",
         "Исходящий звонок (F5)"},
        {"Ctrl+Enter", "Записать исходящий звонок в журнал", "Исходящий звонок (F5)"},
        {"Esc", "Закрыть, не записывая", "Исходящий звонок (F5)"},
        {"Ctrl+Shift+K",
         "Карточка заявителя: найти по телефону карточки или по ФИО (ё/е, опечатка) и связать "
         "звонок с карточкой, или создать карточку из карточки звонка",
         "Заявитель и консультации"},
        {"↑ / ↓, Enter",
         "В окне карточки заявителя: выбрать карточку и связать с ней звонок; "
         "последняя строка — новая карточка",
         "Заявитель и консультации"},
        {"Ctrl+Enter", "В новой карточке заявителя: создать и связать со звонком",
         "Заявитель и консультации"},
        {"Ctrl+B",
         "Записать на консультацию: специалисты отдела открытой записи (или все), свободное время "
         "ближайших рабочих дней; сценарий назовёт место, дату, время и как добраться",
         "Заявитель и консультации"},
        {"← / →, ↑ / ↓, Enter",
         "В окне записи: специалист, время, записать (если время уже занято — ближайшее "
         "свободное)",
         "Заявитель и консультации"},
        {"Ctrl+Shift+B", "Записи звонящего на консультации (по телефону и карточке заявителя)",
         "Заявитель и консультации"},
        {"Enter, Delete",
         "В записях звонящего: Enter — перенести (свободное время того же специалиста), Delete — "
         "отменить с причиной (Enter — подтвердить)",
         "Заявитель и консультации"},
        {"F7",
         "Принять звонок с АТС, ждущий в строке состояния («входящий: …»): новая карточка с его "
         "номером и историей; во время звонка — после предупреждения, F7 ещё раз",
         "Звонок"},
        {"Ctrl+Alt+1, Ctrl+Alt+2, Ctrl+Alt+3, Ctrl+Alt+4",
         "Отметить звонок (ещё раз — снять): 1 агрессивный абонент, 2 жалоба, 3 срочное, 4 вне "
         "компетенции; сценарии «Агрессивный абонент», «Жалоба», «Вопрос вне компетенции» "
         "ставят отметку сами",
         "Звонок"},
        {"1, 2, 3", "Ответ на вопрос опроса", "Звонок"},
        {"Alt+1 … Alt+9", "Перейти по скрипту: вариант с этим номером", "Скрипт"},
        {"Alt+Backspace, Alt+←", "Шаг скрипта назад", "Скрипт"},
        {"Ctrl+1 … Ctrl+9", "Отметить пункт шага с этим номером", "Скрипт"},
        {"Ctrl+= / Ctrl+-", "Крупнее / мельче", "Окно"},
        {"Ctrl+Q", "Выход", "Окно"},
        {"F2", "Меню обучения (в режиме обучения, sufler-app --training)", "Окно"},
    };
    return lines;
}

} // namespace sufler::console
