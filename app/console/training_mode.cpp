// The console's training mode: screens over the real console, and the store on the worker.
#include "console/training_mode.h"

#include "console/call_session.h"
#include "console/overlay.h"
#include "sufler/journal/journal.h"
#include "sufler/training/report.h"
#include "sufler/training/store.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <fmt/format.h>

#include <algorithm>

namespace sufler::console {

struct TrainingLink {
    std::filesystem::path path; // training.sqlite
    std::optional<training::TrainingStore> store;
    std::int64_t session = 0;
    std::string error;

    training::TrainingStore& open() {
        if (!store)
            store.emplace(training::TrainingStore::open(path));
        return *store;
    }
};

namespace {

using SteadyClock = std::chrono::steady_clock;

const ImVec4 kAdded(0.45f, 0.85f, 0.45f, 1);
const ImVec4 kRemoved(0.95f, 0.45f, 0.45f, 1);
const ImVec4 kMissed(1, 0.72f, 0.35f, 1);

bool pressed(int key) {
    return ImGui::IsKeyPressed(key, false);
}

bool digitPressed(int n) {
    return pressed(GLFW_KEY_0 + n) || pressed(GLFW_KEY_KP_0 + n);
}

bool enterPressed() {
    return pressed(GLFW_KEY_ENTER) || pressed(GLFW_KEY_KP_ENTER);
}

} // namespace

TrainingMode::TrainingMode(TrainingHost& host, Options options)
    : m_host(host), m_options(std::move(options)), m_link(std::make_shared<TrainingLink>()) {
    const Options& o = m_options;
    m_link->path = training::storePathBeside(o.journalPath.empty() ? journal::Journal::defaultPath()
                                                                   : o.journalPath);
    m_rng.seed(o.trainingSeed ? *o.trainingSeed : std::random_device{}());
    m_examCalls = std::max(1, o.examCalls);
    if (!o.trainee.empty())
        begin(o.trainee);
}

TrainingMode::~TrainingMode() = default;

const kb::KnowledgeBase* TrainingMode::kb() const {
    const KbSnapshot* snapshot = m_host.snapshot().get();
    return snapshot ? snapshot->kb.get() : nullptr;
}

bool TrainingMode::keysFree() const {
    return !ImGui::GetIO().WantTextInput;
}

bool TrainingMode::overlayOpen() const {
    return m_overlay && m_screen != Screen::Call;
}

bool TrainingMode::needsTicks() const {
    // the name box takes the keyboard a frame after it appears: that frame must come
    return !m_readingId.empty() || m_call.has_value() ||
           (m_screen == Screen::Name && !m_nameActive);
}

void TrainingMode::show(Screen screen) {
    m_screen = screen;
    m_overlay = true;
    m_focusOverlay = true;
    m_host.dropTextFocus();
}

void TrainingMode::toggleMenu() {
    if (m_screen == Screen::Name)
        return;
    if (m_call) {
        m_host.message("Идёт учебный звонок: завершите его (Ctrl+E — опрос и завершение)");
        return;
    }
    if (m_overlay && m_screen == Screen::Menu)
        m_overlay = false; // free work with the KB; reading still counts
    else
        show(Screen::Menu);
}

// ------------------------------------------------------------------ study

void TrainingMode::begin(const std::string& trainee) {
    m_trainee = trainee;
    show(Screen::Menu);
    auto link = m_link;
    Worker* worker = &m_host.worker();
    const auto kbRoot = m_options.kbRoot;
    m_host.worker().post([link, worker, trainee, kbRoot, this] {
        try {
            auto& store = link->open();
            auto read = store.readIds(trainee);
            auto studied = store.lastStudiedCommit(trainee);
            worker->toUi([this, read = std::move(read), studied] {
                m_readIds = read;
                m_studiedCommit = studied;
            });
        } catch (const std::exception& e) {
            link->error = e.what();
            worker->toUi([this, what = std::string(e.what())] {
                m_storeError = what;
                m_host.message("Файл обучения недоступен: " + what);
            });
        }
    });
}

void TrainingMode::trackReading() {
    const std::string& open = m_host.openEntryId();
    if (open != m_readingId) {
        m_readingId = m_readIds.count(open) ? std::string() : open;
        m_readingSince = SteadyClock::now();
        return;
    }
    if (m_readingId.empty() || m_trainee.empty())
        return;
    const double stayed =
        std::chrono::duration<double>(SteadyClock::now() - m_readingSince).count();
    if (stayed < m_options.readSeconds)
        return;
    const std::string id = m_readingId;
    m_readingId.clear();
    m_readIds.insert(id);
    auto link = m_link;
    const std::string trainee = m_trainee;
    // the whole KB read: this version of it is what the trainee has studied
    std::optional<std::string> completeAt;
    if (const auto* base = kb()) {
        const auto plan = training::studyPlan(*base, m_readIds);
        const bool complete =
            std::all_of(plan.begin(), plan.end(), [](const auto& d) { return d.left.empty(); });
        if (complete)
            completeAt = std::string("HEAD");
    }
    const auto kbRoot = m_options.kbRoot;
    Worker* worker = &m_host.worker();
    m_host.worker().post([link, trainee, id, completeAt, kbRoot, worker, this] {
        try {
            link->open().markRead(trainee, id);
            if (completeAt)
                if (auto head = training::headCommit(kbRoot)) {
                    link->open().recordStudied(trainee, *head);
                    worker->toUi([this, head] { m_studiedCommit = head; });
                }
        } catch (const std::exception& e) {
            worker->toUi([this, what = std::string(e.what())] {
                m_host.message("Чтение не записано: " + what);
            });
        }
    });
    if (const auto* base = kb())
        if (const auto* entry = base->findEntry(id))
            m_host.message("Изучено: " + entry->title);
}

void TrainingMode::loadChanges() {
    m_changes.reset();
    m_changesNote.clear();
    if (!m_studiedCommit) {
        m_changesNote = "Вы ещё не отмечали изучение базы знаний: изучите весь план. Когда "
                        "план изучен, текущее состояние базы отмечается само.";
        return;
    }
    m_changesLoading = true;
    Worker* worker = &m_host.worker();
    const auto kbRoot = m_options.kbRoot;
    const std::string from = *m_studiedCommit;
    m_host.worker().post([worker, kbRoot, from, this] {
        try {
            auto changes = training::changesSince(kbRoot, from);
            worker->toUi([this, changes = std::move(changes)]() mutable {
                m_changes = std::move(changes);
                m_changesLoading = false;
            });
        } catch (const std::exception& e) {
            worker->toUi([this, what = std::string(e.what())] {
                m_changesNote = what;
                m_changesLoading = false;
            });
        }
    });
}

void TrainingMode::markStudied() {
    auto link = m_link;
    Worker* worker = &m_host.worker();
    const auto kbRoot = m_options.kbRoot;
    const std::string trainee = m_trainee;
    m_host.worker().post([link, worker, kbRoot, trainee, this] {
        try {
            auto head = training::headCommit(kbRoot);
            if (!head)
                throw Error("база знаний не в git — изменения не отследить");
            link->open().recordStudied(trainee, *head);
            worker->toUi([this, head] {
                m_studiedCommit = head;
                m_host.message("Изменения отмечены как изученные");
                loadChanges();
            });
        } catch (const std::exception& e) {
            worker->toUi([this, what = std::string(e.what())] { m_host.message(what); });
        }
    });
}

void TrainingMode::loadReport() {
    m_report = "Готовится…";
    auto link = m_link;
    Worker* worker = &m_host.worker();
    auto snapshot = m_host.snapshot();
    m_host.worker().post([link, worker, snapshot, this] {
        try {
            if (!snapshot || !snapshot->kb)
                throw Error("база знаний ещё загружается");
            auto text = training::renderText(training::summarize(link->open(), *snapshot->kb));
            worker->toUi([this, text] { m_report = text; });
        } catch (const std::exception& e) {
            worker->toUi([this, what = std::string(e.what())] { m_report = what; });
        }
    });
}

// ------------------------------------------------------------------ simulated calls

void TrainingMode::startExam(const std::string& department, int calls) {
    const auto* base = kb();
    if (!base) {
        m_host.message("База знаний ещё загружается");
        return;
    }
    training::DrawOptions options;
    options.department = department;
    auto questions = training::drawQuestions(*base, static_cast<std::size_t>(std::max(1, calls)),
                                             options, m_rng);
    if (questions.empty()) {
        m_host.message("В базе знаний нет вопросов-ответов для учебных звонков");
        return;
    }
    m_exam.emplace(m_trainee, department, std::move(questions));
    auto link = m_link;
    const std::string trainee = m_trainee;
    m_host.worker().post([link, trainee, department] {
        try {
            link->session = link->open().startSession(trainee, department);
        } catch (const std::exception& e) {
            link->error = e.what();
        }
    });
    startNextCall();
}

void TrainingMode::startNextCall() {
    if (!m_exam || m_exam->done()) {
        show(Screen::ExamEnd);
        return;
    }
    m_result.reset();
    m_call.emplace(*m_exam->next(), SteadyClock::now());
    m_host.startCall(); // a training call never waits for the previous one
    m_screen = Screen::Call;
    m_overlay = false;
    m_host.message(fmt::format("Учебный звонок {} из {}: абонент спрашивает — найдите ответ",
                               m_exam->taken() + 1, m_exam->size()));
}

void TrainingMode::entryOpened(const std::string& id) {
    if (m_call)
        m_call->opened(id, SteadyClock::now());
}

void TrainingMode::deferAnswer(CallSession&) {
    m_host.message("Учебный звонок: обратный звонок в журнал не записывается");
}

bool TrainingMode::flag(CallSession&, journal::KbFlag flag, bool) {
    if (flag.kind == journal::FlagKind::Outdated)
        m_host.message("Учебный звонок: отметки в журнал не записываются");
    return false;
}

void TrainingMode::callEnded(CallSession& session) {
    if (!m_call || !m_exam)
        return;
    const CallCard& card = session.card();
    for (std::size_t i = 0; i < card.transfers.size(); ++i)
        m_call->transferred();
    const scripts::Runner* run = session.run();
    const auto& result = m_exam->record(m_call->finish(run, card.surveyComplete()));
    m_result = result;
    m_call.reset();
    m_resultEntryId = result.record.question.entryId;
    m_resultDocument = MarkdownDocument{};
    if (const auto* base = kb())
        if (const auto* entry = base->findEntry(m_resultEntryId))
            m_resultDocument = MarkdownDocument::parse(entry->markdown);
    auto link = m_link;
    Worker* worker = &m_host.worker();
    m_host.worker().post([link, worker, result, this] {
        try {
            if (link->session == 0)
                throw Error(link->error.empty() ? "сессия обучения не начата" : link->error);
            link->open().recordCall(link->session, result.record, result.score);
            worker->toUi([this] { ++m_storedCalls; });
        } catch (const std::exception& e) {
            worker->toUi([this, what = std::string(e.what())] {
                m_storeError = what;
                m_host.message("Результат не записан: " + what);
            });
        }
    });
    show(Screen::Result);
}

// ------------------------------------------------------------------ drawing

void TrainingMode::frame(const Fonts& fonts) {
    trackReading();
    if (m_screen == Screen::Call) {
        drawCaller(fonts);
        return;
    }
    if (!m_overlay)
        return;
    switch (m_screen) {
    case Screen::Name:
        drawName(fonts);
        break;
    case Screen::Menu:
        drawMenu(fonts);
        break;
    case Screen::Plan:
        drawPlan(fonts);
        break;
    case Screen::Changes:
        drawChanges(fonts);
        break;
    case Screen::Report:
        drawReport(fonts);
        break;
    case Screen::Result:
        drawResult(fonts);
        break;
    case Screen::ExamEnd:
        drawExamEnd(fonts);
        break;
    case Screen::Call:
        break;
    }
}

bool TrainingMode::beginOverlay(const char* title, float widthShare, float heightShare) {
    centerNextWindow(widthShare, heightShare, ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(1.0f); // the panels under it would only distract
    if (m_focusOverlay) {
        ImGui::SetNextWindowFocus();
        m_focusOverlay = false;
    }
    return ImGui::Begin(title, nullptr,
                        ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse |
                            ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove);
}

void TrainingMode::drawName(const Fonts& fonts) {
    if (beginOverlay("Обучение операторов###training", 0.5f, 0.3f)) {
        ImGui::PushFont(fonts.heading1);
        ImGui::TextUnformatted("Режим обучения");
        ImGui::PopFont();
        ImGui::TextWrapped("Учебные звонки и изучение базы знаний хранятся отдельно от журнала "
                           "звонков. Введите ФИО и нажмите Enter.");
        ImGui::Spacing();
        if (ImGui::IsWindowAppearing())
            ImGui::SetKeyboardFocusHere();
        ImGui::SetNextItemWidth(-1);
        const bool entered = ImGui::InputText("##trainee", m_nameBuffer, sizeof m_nameBuffer,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
        m_nameActive = ImGui::IsItemActive();
        std::string name(m_nameBuffer);
        name.erase(0, name.find_first_not_of(' '));
        while (!name.empty() && name.back() == ' ')
            name.pop_back();
        if ((entered || ImGui::Button("Начать")) && !name.empty())
            begin(name);
        else if (entered)
            ImGui::SetKeyboardFocusHere(-1);
    }
    ImGui::End();
}

void TrainingMode::drawMenu(const Fonts& fonts) {
    const auto* base = kb();
    if (beginOverlay("Обучение операторов — меню (F2)###training", 0.55f, 0.6f)) {
        ImGui::PushFont(fonts.heading1);
        ImGui::TextUnformatted(m_trainee.c_str());
        ImGui::PopFont();
        if (base) {
            const auto plan = training::studyPlan(*base, m_readIds);
            std::size_t read = 0, total = 0;
            for (const auto& d : plan) {
                read += d.read.size();
                total += d.read.size() + d.left.size();
            }
            ImGui::Text("Изучено записей базы знаний: %zu из %zu", read, total);
            ImGui::ProgressBar(total ? static_cast<float>(read) / static_cast<float>(total) : 0);
        } else {
            ImGui::TextDisabled("Загрузка базы знаний…");
        }
        if (!m_storeError.empty())
            ImGui::TextColored(kRemoved, "Файл обучения: %s", m_storeError.c_str());
        ImGui::Separator();
        const bool keys = keysFree() && base;
        if (ImGui::Button("1  План изучения") || (keys && digitPressed(1))) {
            m_planSelected = 0;
            show(Screen::Plan);
        }
        if (ImGui::Button("2  Что изменилось с последнего изучения") || (keys && digitPressed(2))) {
            loadChanges();
            show(Screen::Changes);
        }
        ImGui::Spacing();
        if (base && !base->departments.empty()) {
            m_departmentIndex =
                std::clamp(m_departmentIndex, 0, static_cast<int>(base->departments.size()) - 1);
            const auto& department = base->departments[static_cast<std::size_t>(m_departmentIndex)];
            if (ImGui::Button("3  Практика по отделу") || (keys && digitPressed(3)))
                startExam(department.slug, m_practiceCalls);
            ImGui::SameLine();
            ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
            if (ImGui::BeginCombo("##department", department.title.c_str())) {
                for (std::size_t i = 0; i < base->departments.size(); ++i)
                    if (ImGui::Selectable(base->departments[i].title.c_str(),
                                          static_cast<int>(i) == m_departmentIndex))
                        m_departmentIndex = static_cast<int>(i);
                ImGui::EndCombo();
            }
            ImGui::SameLine();
            ImGui::SetNextItemWidth(-1);
            ImGui::InputInt("##practice", &m_practiceCalls);
            m_practiceCalls = std::clamp(m_practiceCalls, 1, 50);
        }
        if (ImGui::Button("4  Экзамен: смешанные звонки") || (keys && digitPressed(4)))
            startExam("", m_examCalls);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(fonts.baseSize * 8);
        ImGui::InputInt("звонков##exam", &m_examCalls);
        m_examCalls = std::clamp(m_examCalls, 1, 50);
        ImGui::Spacing();
        if (ImGui::Button("5  Отчёт наставника") || (keys && digitPressed(5))) {
            loadReport();
            show(Screen::Report);
        }
        ImGui::Separator();
        ImGui::TextWrapped("Учебный звонок: вопрос абонента показан внизу экрана. Найдите ответ "
                           "поиском (Ctrl+F), ведите разговор по скрипту (Ctrl+1…9 — пункты, "
                           "Alt+1…9 — переходы), в конце — опрос и Ctrl+E. Esc — закрыть меню и "
                           "читать базу: запись считается изученной, если она открыта не меньше "
                           "%.0f с.",
                           m_options.readSeconds);
        if (keysFree() && pressed(GLFW_KEY_ESCAPE))
            m_overlay = false;
    }
    ImGui::End();
}

void TrainingMode::drawPlan(const Fonts& fonts) {
    const auto* base = kb();
    if (!base)
        return;
    if (beginOverlay("План изучения (Enter — открыть запись, Esc — меню)###training", 0.6f, 0.8f)) {
        const auto plan = training::studyPlan(*base, m_readIds);
        std::vector<std::string> left;
        for (const auto& d : plan)
            left.insert(left.end(), d.left.begin(), d.left.end());
        const int count = static_cast<int>(left.size());
        if (pressed(GLFW_KEY_DOWN))
            m_planSelected = std::min(m_planSelected + 1, count - 1);
        if (pressed(GLFW_KEY_UP))
            m_planSelected = std::max(m_planSelected - 1, 0);
        m_planSelected = std::clamp(m_planSelected, 0, std::max(0, count - 1));
        std::optional<std::string> open;
        if (enterPressed() && count > 0)
            open = left[static_cast<std::size_t>(m_planSelected)];
        int index = 0;
        for (const auto& d : plan) {
            const std::size_t total = d.read.size() + d.left.size();
            ImGui::PushFont(fonts.bold);
            ImGui::Text("%s — изучено %zu из %zu", d.title.c_str(), d.read.size(), total);
            ImGui::PopFont();
            ImGui::ProgressBar(total ? static_cast<float>(d.read.size()) / static_cast<float>(total)
                                     : 1.0f,
                               ImVec2(-1, 0), "");
            for (const auto& id : d.left) {
                const auto* entry = base->findEntry(id);
                const std::string label =
                    fmt::format("{}  {}##{}", entry ? kb::kindTitleRu(entry->kind) : "",
                                entry ? entry->title : id, id);
                const bool selected = index == m_planSelected;
                if (ImGui::Selectable(label.c_str(), selected))
                    open = id;
                if (selected && (pressed(GLFW_KEY_DOWN) || pressed(GLFW_KEY_UP)))
                    ImGui::SetScrollHereY();
                ++index;
            }
            ImGui::Spacing();
        }
        if (open) {
            m_overlay = false;
            m_host.openEntry(*open);
        } else if (pressed(GLFW_KEY_ESCAPE)) {
            show(Screen::Menu);
        }
    }
    ImGui::End();
}

void TrainingMode::drawChanges(const Fonts& fonts) {
    if (beginOverlay("Что изменилось в базе знаний (Esc — меню)###training", 0.7f, 0.85f)) {
        if (m_changesLoading)
            ImGui::TextDisabled("Сравнение версий базы знаний…");
        if (!m_changesNote.empty())
            ImGui::TextWrapped("%s", m_changesNote.c_str());
        std::optional<std::string> open;
        if (m_changes) {
            ImGui::Text("С коммита %s по %s: коммитов %zu, записей %zu",
                        m_changes->from.substr(0, 10).c_str(), m_changes->to.substr(0, 10).c_str(),
                        m_changes->commits.size(), m_changes->entries.size());
            for (const auto& commit : m_changes->commits)
                ImGui::TextDisabled("%s  %s  %s — %s", commit.id.substr(0, 8).c_str(),
                                    commit.date.c_str(), commit.author.c_str(),
                                    commit.summary.c_str());
            if (m_changes->entries.empty())
                ImGui::TextWrapped("Записи не менялись: переобучение не нужно.");
            else if (ImGui::Button("Отметить изменения как изученные"))
                markStudied();
            ImGui::Separator();
            for (const auto& change : m_changes->entries) {
                const std::string header =
                    fmt::format("{} · {} · {}##{}", training::changeKindRu(change.kind),
                                change.department.empty() ? "справочник" : change.department,
                                change.title, change.id);
                if (ImGui::CollapsingHeader(header.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
                    ImGui::PushFont(fonts.mono);
                    for (const auto& line : change.diff) {
                        const ImVec4 colour = line.mark == '+'   ? kAdded
                                              : line.mark == '-' ? kRemoved
                                                                 : ImVec4(0.75f, 0.75f, 0.75f, 1);
                        ImGui::PushStyleColor(ImGuiCol_Text, colour);
                        ImGui::TextWrapped("%c %s", line.mark, line.text.c_str());
                        ImGui::PopStyleColor();
                    }
                    ImGui::PopFont();
                    if (change.kind != training::ChangeKind::Removed &&
                        ImGui::SmallButton(("Открыть запись##" + change.id).c_str()))
                        open = change.id;
                }
            }
        }
        if (!m_studiedCommit && ImGui::Button("Отметить текущее состояние базы как изученное"))
            markStudied();
        if (open) {
            m_overlay = false;
            m_host.openEntry(*open);
        } else if (pressed(GLFW_KEY_ESCAPE)) {
            show(Screen::Menu);
        }
    }
    ImGui::End();
}

void TrainingMode::drawReport(const Fonts& fonts) {
    if (beginOverlay("Отчёт наставника (Esc — меню)###training", 0.7f, 0.8f)) {
        ImGui::TextWrapped("Все обучаемые: сессии, результаты по времени, слабые разделы, "
                           "изучение базы. То же в файл: sufler training report --format xlsx.");
        ImGui::Separator();
        ImGui::PushFont(fonts.mono);
        ImGui::TextUnformatted(m_report.c_str());
        ImGui::PopFont();
        if (pressed(GLFW_KEY_ESCAPE))
            show(Screen::Menu);
    }
    ImGui::End();
}

void TrainingMode::drawCaller(const Fonts& fonts) {
    if (!m_call || !m_exam)
        return;
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float statusHeight = ImGui::GetFrameHeightWithSpacing();
    ImGui::SetNextWindowPos(
        ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f,
               viewport->WorkPos.y + viewport->WorkSize.y - statusHeight * 1.5f),
        ImGuiCond_Always, ImVec2(0.5f, 1.0f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(viewport->WorkSize.x * 0.3f, 0),
                                        ImVec2(viewport->WorkSize.x * 0.6f, FLT_MAX));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.16f, 0.22f, 0.32f, 0.96f));
    const ImGuiWindowFlags flags =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
        ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
        ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs;
    if (ImGui::Begin("###training-caller", nullptr, flags)) {
        ImGui::TextDisabled("Учебный звонок %zu из %zu%s · абонент говорит:", m_exam->taken() + 1,
                            m_exam->size(),
                            m_exam->department().empty() ? " (экзамен)" : " (практика по отделу)");
        ImGui::PushFont(fonts.large);
        ImGui::PushTextWrapPos(viewport->WorkSize.x * 0.58f);
        ImGui::TextWrapped("«%s»", m_call->question().words.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopFont();
        ImGui::TextDisabled("Ctrl+E — опрос и завершение звонка; результат покажется сразу");
    }
    ImGui::End();
    ImGui::PopStyleColor();
}

void TrainingMode::drawResult(const Fonts& fonts) {
    if (!m_result || !m_exam)
        return;
    const bool last = m_exam->done();
    const std::string title =
        fmt::format("Результат звонка {} из {} (Enter — {}, Esc — меню)###training",
                    m_exam->taken(), m_exam->size(), last ? "итог" : "следующий звонок");
    if (beginOverlay(title.c_str(), 0.7f, 0.85f)) {
        const auto& score = m_result->score;
        ImGui::PushFont(fonts.heading1);
        ImGui::Text("%.0f из %.0f баллов", score.total(), score.max());
        ImGui::PopFont();
        ImGui::TextWrapped("Абонент спросил: «%s»", m_result->record.question.words.c_str());
        ImGui::Spacing();
        if (ImGui::BeginTable("parts", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) {
            ImGui::TableSetupColumn("Что оценивается", ImGuiTableColumnFlags_WidthFixed,
                                    fonts.baseSize * 14);
            ImGui::TableSetupColumn("Баллы", ImGuiTableColumnFlags_WidthFixed, fonts.baseSize * 6);
            ImGui::TableSetupColumn("Что упущено");
            ImGui::TableHeadersRow();
            for (const auto& part : score.parts) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(part.name.c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%.1f / %.0f", part.points, part.maxPoints);

                ImGui::TableNextColumn();
                ImGui::PushStyleColor(ImGuiCol_Text, part.missed.empty() ? kAdded : kMissed);
                ImGui::TextWrapped("%s", part.missed.empty() ? "—" : part.missed.c_str());
                ImGui::PopStyleColor();
            }
            ImGui::EndTable();
        }
        ImGui::Spacing();
        ImGui::Separator();
        const auto* base = kb();
        const auto* entry = base ? base->findEntry(m_resultEntryId) : nullptr;
        ImGui::TextDisabled("Правильная запись: %s", m_resultEntryId.c_str());
        if (entry) {
            ImGui::PushFont(fonts.heading1);
            ImGui::TextWrapped("%s", entry->title.c_str());
            ImGui::PopFont();
            ImGui::BeginChild("right-entry", ImVec2(0, 0), true);
            drawMarkdown(m_resultDocument, fonts);
            ImGui::EndChild();
        }
        if (enterPressed()) {
            if (last)
                show(Screen::ExamEnd);
            else
                startNextCall();
        } else if (pressed(GLFW_KEY_ESCAPE)) {
            show(last ? Screen::ExamEnd : Screen::Menu);
        }
    }
    ImGui::End();
}

void TrainingMode::drawExamEnd(const Fonts& fonts) {
    if (!m_exam) {
        show(Screen::Menu);
        return;
    }
    if (beginOverlay("Итог (Enter или Esc — меню)###training", 0.6f, 0.7f)) {
        const double percent = m_exam->max() > 0 ? 100 * m_exam->total() / m_exam->max() : 0;
        ImGui::PushFont(fonts.heading1);
        ImGui::Text("%s: %.0f %%", m_exam->department().empty() ? "Экзамен" : "Практика", percent);
        ImGui::PopFont();
        ImGui::Text("Звонков: %zu из %zu, баллов %.0f из %.0f", m_exam->taken(), m_exam->size(),
                    m_exam->total(), m_exam->max());
        ImGui::Separator();
        const auto* base = kb();
        for (std::size_t i = 0; i < m_exam->results().size(); ++i) {
            const auto& r = m_exam->results()[i];
            const auto* entry = base ? base->findEntry(r.record.question.entryId) : nullptr;
            ImGui::Text("%zu. %.0f — %s", i + 1, r.score.total(),
                        entry ? entry->title.c_str() : r.record.question.entryId.c_str());
            ImGui::PushStyleColor(ImGuiCol_Text, kMissed);
            ImGui::Indent();
            for (const auto& part : r.score.parts)
                if (!part.missed.empty())
                    ImGui::TextWrapped("%s: %s", part.name.c_str(), part.missed.c_str());
            ImGui::Unindent();
            ImGui::PopStyleColor();
        }
        if (enterPressed() || pressed(GLFW_KEY_ESCAPE)) {
            m_exam.reset();
            show(Screen::Menu);
        }
    }
    ImGui::End();
}

nlohmann::json TrainingMode::state() const {
    static const char* names[] = {"name",   "menu", "plan",   "changes",
                                  "report", "call", "result", "examEnd"};
    nlohmann::json s;
    s["screen"] = names[static_cast<int>(m_screen)];
    s["overlay"] = m_overlay;
    s["trainee"] = m_trainee;
    s["nameActive"] = m_nameActive;
    s["read"] = m_readIds.size();
    s["reading"] = m_readingId;
    s["studiedCommit"] = m_studiedCommit.value_or("");
    s["storedCalls"] = m_storedCalls;
    s["storeError"] = m_storeError;
    if (m_call) {
        s["question"] = m_call->question().words;
        s["expected"] = m_call->question().entryId;
        s["found"] = m_call->found();
    }
    if (m_exam) {
        s["examSize"] = m_exam->size();
        s["taken"] = m_exam->taken();
        s["examDepartment"] = m_exam->department();
    }
    if (m_result) {
        s["lastScore"] = m_result->score.total();
        nlohmann::json missed = nlohmann::json::array();
        for (const auto& part : m_result->score.parts)
            if (!part.missed.empty())
                missed.push_back(part.missed);
        s["lastMissed"] = missed;
        s["lastExpected"] = m_resultEntryId;
    }
    if (m_changes)
        s["changes"] = m_changes->entries.size();
    if (m_screen == Screen::Report)
        s["report"] = m_report;
    return s;
}

} // namespace sufler::console
