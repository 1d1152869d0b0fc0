// `sufler script list` and `sufler script run ID`: conversation scripts in the terminal, for
// writing and checking them without the console. `run` reads one command a line from standard
// input, so a test (or a here-string) can walk a whole call.
#include "cli/commands.h"
#include "cli/common.h"

#include "sufler/core/calendar.h"
#include "sufler/core/date.h"
#include "sufler/core/error.h"
#include "sufler/kb/kb.h"
#include "sufler/scripts/runner.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace sufler::cli {

namespace {

namespace fs = std::filesystem;
using scripts::ActionKind;
using scripts::ChooseResult;
using scripts::Runner;

struct Loaded {
    kb::KnowledgeBase kb;
    std::shared_ptr<const scripts::ScriptSet> set;
    Diagnostics diagnostics;
};

Loaded loadScripts(const std::string& kbOption) {
    Loaded loaded;
    kb::LoadOptions options;
    options.withGit = false;
    loaded.kb = kb::load(resolveKb(kbOption), options);
    loaded.set = std::make_shared<const scripts::ScriptSet>(
        scripts::ScriptSet::fromKb(loaded.kb, loaded.diagnostics));
    return loaded;
}

std::string describeAction(const scripts::Action& action) {
    switch (action.kind) {
    case ActionKind::Search:
        return action.argument.empty() ? "поиск по базе знаний"
                                       : fmt::format("поиск по базе знаний: «{}»", action.argument);
    case ActionKind::Contacts:
        return action.argument.empty() ? "поиск в справочнике контактов"
                                       : fmt::format("справочник: «{}»", action.argument);
    case ActionKind::Card:
        for (const auto& field : scripts::cardFields()) {
            if (field.name == action.argument) {
                return fmt::format("карточка звонка: {}", field.titleRu);
            }
        }
        return fmt::format("карточка звонка: {}", action.argument);
    case ActionKind::Transfer:
        return "переключение звонка (считается в лимит)";
    case ActionKind::Callback:
        return "обратный звонок: номер, удобное время, срок";
    case ActionKind::Booking:
        return "запись на консультацию специалиста: свободное время по расписанию";
    case ActionKind::Survey:
        return "ответ опроса";
    case ActionKind::End:
        return "завершение разговора — команда «e»";
    }
    return {};
}

std::string formatDuration(std::chrono::milliseconds ms) {
    const auto seconds = ms.count() / 1000;
    return fmt::format("{}:{:02}", seconds / 60, seconds % 60);
}

// The walk: prints steps, reads commands, keeps the optional state file up to date.
class Walk {
public:
    Walk(Runner runner, std::optional<fs::path> stateFile)
        : m_runner(std::move(runner)), m_stateFile(std::move(stateFile)),
          m_echo(isatty(STDIN_FILENO) != 1) {}

    // Exit code: 0 when the call reached its end, 1 when the input ran out before.
    int run() {
        printStep();
        std::string line;
        while (true) {
            fmt::print("> ");
            std::fflush(stdout);
            if (!std::getline(std::cin, line)) {
                fmt::print("\nВвод закончился, а разговор не завершён (шаг «{}»).\n",
                           m_runner.current().title);
                printSummary();
                return 1;
            }
            if (m_echo) {
                fmt::print("{}\n", line);
            }
            const Result result = command(line);
            save();
            if (result == Result::Finished) {
                fmt::print("\nРазговор завершён.\n");
                printSummary();
                if (m_stateFile) {
                    std::error_code ec;
                    fs::remove(*m_stateFile, ec); // a finished run is not resumed
                }
                return 0;
            }
            if (result == Result::Quit) {
                fmt::print("Разговор прерван{}.\n",
                           m_stateFile ? fmt::format("; ход сохранён в {}", m_stateFile->string())
                                       : std::string());
                printSummary();
                return 0;
            }
        }
    }

private:
    enum class Result { Stay, Moved, Finished, Quit };

    void save() const {
        if (!m_stateFile) {
            return;
        }
        std::ofstream out(*m_stateFile, std::ios::binary | std::ios::trunc);
        out << m_runner.serialize() << "\n";
        if (!out) {
            throw Error(
                fmt::format("{}: не удалось сохранить ход разговора", m_stateFile->string()));
        }
    }

    Result command(const std::string& input) {
        std::istringstream in(input);
        std::string verb;
        in >> verb;
        if (verb.empty()) {
            return Result::Stay;
        }
        if (std::all_of(verb.begin(), verb.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return choose(std::stoul(verb));
        }
        if (verb == "b") {
            if (!m_runner.back()) {
                fmt::print("Это первый шаг: назад некуда.\n");
                return Result::Stay;
            }
            printStep();
            return Result::Moved;
        }
        if (verb == "t") {
            std::size_t n = 0;
            bool any = false;
            while (in >> n) {
                any = true;
                if (n == 0 || !m_runner.toggleTask(n - 1)) {
                    fmt::print("Нет пункта t{} в этом шаге.\n", n);
                }
            }
            if (!any) {
                fmt::print("Укажите номер пункта: t 1 (можно несколько: t 1 2 3).\n");
            }
            printTasks();
            return Result::Stay;
        }
        if (verb == "s") {
            std::size_t question = 0;
            std::size_t option = 0;
            if (!(in >> question >> option) || question == 0 || option == 0 ||
                !m_runner.recordSurvey(question - 1, option - 1)) {
                fmt::print("Ответ опроса: s ВОПРОС ОТВЕТ, например «s 1 1»; см. номера выше.\n");
                return Result::Stay;
            }
            printSurvey();
            return Result::Stay;
        }
        if (verb == "v") {
            std::string rest;
            std::getline(in, rest);
            const auto eq = rest.find('=');
            if (eq == std::string::npos) {
                fmt::print("Подстановка: v имя=значение, например «v абонент=Мария Ивановна».\n");
                return Result::Stay;
            }
            auto trim = [](std::string s) {
                const auto from = s.find_first_not_of(' ');
                const auto to = s.find_last_not_of(' ');
                return from == std::string::npos ? std::string() : s.substr(from, to - from + 1);
            };
            const std::string name = trim(rest.substr(0, eq));
            if (!scripts::isKnownPlaceholder(name)) {
                fmt::print("Нет такой подстановки {{{}}}.\n", name);
                return Result::Stay;
            }
            m_runner.setValue(name, trim(rest.substr(eq + 1)));
            printWords();
            return Result::Stay;
        }
        if (verb == "p") {
            printStep();
            return Result::Stay;
        }
        if (verb == "e") {
            if (!m_runner.finished()) {
                fmt::print("Этот шаг не завершает разговор: выберите путь дальше.\n");
                return Result::Stay;
            }
            return Result::Finished;
        }
        if (verb == "q") {
            return Result::Quit;
        }
        if (verb == "?" || verb == "h") {
            printHelp();
            return Result::Stay;
        }
        fmt::print("Не понял «{}». «?» — список команд.\n", input);
        return Result::Stay;
    }

    Result choose(std::size_t number) {
        if (number == 0) {
            fmt::print("Пути нумеруются с 1.\n");
            return Result::Stay;
        }
        switch (m_runner.choose(number - 1)) {
        case ChooseResult::Ok:
            printStep();
            return Result::Moved;
        case ChooseResult::NoSuchWay:
            fmt::print("Нет пути {} в этом шаге.\n", number);
            break;
        case ChooseResult::TransferLimit:
            fmt::print("Нельзя: за звонок допускается не больше {} переключений, уже {}. "
                       "Выберите другой путь.\n",
                       m_runner.transferLimit(), m_runner.transferCount());
            break;
        case ChooseResult::UnresolvedStep:
            fmt::print("Путь ведёт на шаг «{}», которого нет (см. sufler lint).\n",
                       m_runner.ways()[number - 1].target);
            break;
        }
        return Result::Stay;
    }

    void printHelp() const {
        fmt::print("Команды:\n"
                   "  N          перейти по пути N\n"
                   "  t N [M…]   отметить пункт (или снять отметку)\n"
                   "  s В О      ответ О на вопрос опроса В\n"
                   "  v имя=знач подставить значение, например v абонент=Мария Ивановна\n"
                   "  b          назад (отметки шага, с которого ушли, сбрасываются)\n"
                   "  p          показать шаг ещё раз\n"
                   "  e          завершить разговор (в завершающем шаге)\n"
                   "  q          прервать\n");
    }

    void printWords() const {
        const auto words = m_runner.words();
        if (words.empty()) {
            return;
        }
        fmt::print("Сказать:\n");
        for (const auto& w : words) {
            fmt::print("  «{}»\n", w);
        }
    }

    void printTasks() const {
        const auto tasks = m_runner.tasks();
        if (tasks.empty()) {
            return;
        }
        fmt::print("Сделать:\n");
        for (std::size_t i = 0; i < tasks.size(); ++i) {
            const auto& task = tasks[i];
            std::string extra;
            for (const auto& action : task.actions) {
                extra += fmt::format(" ({})", describeAction(action));
            }
            fmt::print("  t{} [{}] {}{}{}\n", i + 1, task.done ? "x" : " ", task.text,
                       task.required ? "" : " — по желанию", extra);
        }
    }

    void printSurvey() const {
        const auto& questions = m_runner.surveyQuestions();
        if (questions.empty()) {
            return;
        }
        fmt::print("Опрос:\n");
        for (std::size_t q = 0; q < questions.size(); ++q) {
            std::string options;
            for (std::size_t o = 0; o < questions[q].options.size(); ++o) {
                options += fmt::format("  {}) {}", o + 1, questions[q].options[o]);
            }
            const std::string answer = m_runner.surveyAnswerInStep(q);
            fmt::print("  s{} {}{}{}\n", q + 1, questions[q].text, options,
                       answer.empty() ? "" : fmt::format("  — ответ: {}", answer));
        }
    }

    void printStep() const {
        const auto& step = m_runner.current();
        fmt::print("\n== {} [{}] ==\n", step.title, step.id);
        printWords();
        for (const auto& hint : step.hints) {
            fmt::print("Подсказка: {}\n", m_runner.fill(hint));
        }
        printTasks();
        printSurvey();
        for (const auto& action : m_runner.actions()) {
            fmt::print("Действие: {} — {}\n", action.label, describeAction(action));
        }
        for (const auto& ref : step.references) {
            fmt::print("См.: {} ({})\n", ref.label, ref.href);
        }
        const auto& ways = m_runner.ways();
        if (!ways.empty()) {
            fmt::print("Дальше:\n");
        }
        for (std::size_t i = 0; i < ways.size(); ++i) {
            const bool blocked = m_runner.check(i) == ChooseResult::TransferLimit;
            fmt::print("  {}) {} → {}{}\n", i + 1, ways[i].label, ways[i].target,
                       blocked ? "  (недоступно: лимит переключений)" : "");
        }
        if (m_runner.finished()) {
            fmt::print("Завершающий шаг: «e» — завершить разговор.\n");
        }
        fmt::print("Переключений: {} из {} · b — назад · ? — команды\n", m_runner.transferCount(),
                   m_runner.transferLimit());
    }

    void printSummary() const {
        fmt::print("\n== Итог ==\n");
        fmt::print("Сценарий: {} ({})\n", m_runner.script().title, m_runner.script().id);
        std::string path;
        for (const auto& id : m_runner.path()) {
            path += path.empty() ? "" : " → ";
            path += id;
        }
        fmt::print("Путь: {}\n", path);
        fmt::print("Переключений: {} из {}\n", m_runner.transferCount(), m_runner.transferLimit());
        const auto survey = m_runner.survey();
        if (survey.empty()) {
            fmt::print("Опрос: нет ответов\n");
        }
        for (const auto& answer : survey) {
            fmt::print("Опрос: {} — {}\n", answer.question, answer.answer);
        }
        const auto adherence = m_runner.adherence();
        fmt::print("Обязательные пункты: выполнено {} из {} ({:.0f}%)\n", adherence.done.size(),
                   adherence.required(), adherence.ratio() * 100.0);
        for (const auto& missed : adherence.missed) {
            fmt::print("  не выполнено: {} — {}\n", missed.stepTitle, missed.text);
        }
        fmt::print("Время по шагам:\n");
        for (const auto& time : m_runner.timeByStep()) {
            fmt::print("  {} {}\n", formatDuration(time.spent), time.title);
        }
        fmt::print("Всего: {}\n", formatDuration(m_runner.totalTime()));
    }

    Runner m_runner;
    std::optional<fs::path> m_stateFile;
    bool m_echo;
};

struct RunOptions {
    std::string kb;
    std::string id;
    std::string operatorName;
    std::vector<std::string> values;
    std::string stateFile;
    std::string today;
};

scripts::Values callValues(const Loaded& loaded, const RunOptions& options) {
    scripts::Values values = scripts::profileValues(loaded.kb.profile);
    // The deferred answer's dates: a call back within one working day, at most ten when the
    // answer needs a written request.
    Date today = todayLocal();
    if (!options.today.empty()) {
        auto parsed = parseDate(options.today);
        if (!parsed) {
            throw Error(
                fmt::format("--today: «{}» не дата (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)", options.today));
        }
        today = *parsed;
    }
    const core::WorkCalendar calendar = kb::workCalendar(loaded.kb.profile);
    values["дата_ответа"] = formatRussianDate(calendar.addWorkingDays(today, 1));
    values["срок_продления"] = formatRussianDate(calendar.addWorkingDays(today, 10));
    if (!options.operatorName.empty()) {
        values["оператор"] = options.operatorName;
    }
    for (const auto& assignment : options.values) {
        const auto eq = assignment.find('=');
        if (eq == std::string::npos) {
            throw Error(fmt::format("--set: «{}» — ожидается имя=значение", assignment));
        }
        const std::string name = assignment.substr(0, eq);
        if (!scripts::isKnownPlaceholder(name)) {
            throw Error(fmt::format("--set: нет такой подстановки {{{}}}", name));
        }
        values[name] = assignment.substr(eq + 1);
    }
    return values;
}

void reportProblems(const Loaded& loaded) {
    if (hasErrors(loaded.diagnostics)) {
        std::fflush(stdout);
        fmt::print(
            stderr, "sufler: в сценариях есть ошибки ({}), подробно — sufler lint\n",
            std::count_if(loaded.diagnostics.begin(), loaded.diagnostics.end(),
                          [](const Diagnostic& d) { return d.severity == Severity::Error; }));
    }
}

} // namespace

void registerScriptCommands(CLI::App& app, Outcome& outcome) {
    CLI::App* group =
        app.add_subcommand("script", "сценарии разговора: список и прогон в терминале");
    group->require_subcommand(1);

    auto listKb = std::make_shared<std::string>();
    auto listJson = std::make_shared<bool>(false);
    CLI::App* list = group->add_subcommand("list", "перечислить сценарии базы знаний");
    addKbOption(list, *listKb);
    list->add_flag("--json", *listJson, "вывести JSON");
    list->callback([listKb, listJson, &outcome] {
        const Loaded loaded = loadScripts(*listKb);
        const auto& all = loaded.set->scripts();
        if (*listJson) {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& script : all) {
                out.push_back({{"id", script.id},
                               {"title", script.title},
                               {"kind", std::string(scripts::kindName(script.kind))},
                               {"path", script.path},
                               {"start", script.id + "#" + script.start},
                               {"steps", script.steps.size()}});
            }
            fmt::print("{}\n", out.dump());
        } else {
            for (const auto& script : all) {
                fmt::print("{:<22} {:<12} {} — шагов: {}\n", script.id,
                           scripts::kindName(script.kind), script.title, script.steps.size());
            }
            if (all.empty()) {
                fmt::print("В базе знаний нет сценариев (папка scripts/).\n");
            }
        }
        reportProblems(loaded);
        outcome.exitCode = 0;
    });

    auto options = std::make_shared<RunOptions>();
    CLI::App* run = group->add_subcommand(
        "run", "пройти сценарий в терминале; команды читаются построчно со стандартного ввода");
    addKbOption(run, options->kb);
    run->add_option("id", options->id, "сценарий: имя файла без .md (например, incoming)")
        ->required();
    run->add_option("--operator", options->operatorName, "имя оператора для {оператор}");
    run->add_option("--set", options->values, "подстановка имя=значение (можно несколько раз)");
    run->add_option("--state", options->stateFile,
                    "файл хода разговора: продолжить с места, где остановились, и сохранять "
                    "после каждой команды");
    run->add_option("--today", options->today, "дата звонка для сроков ответа (ГГГГ-ММ-ДД)");
    run->callback([options, &outcome] {
        const Loaded loaded = loadScripts(options->kb);
        if (loaded.set->find(options->id) == nullptr) {
            std::string known;
            for (const auto& script : loaded.set->scripts()) {
                known += known.empty() ? "" : ", ";
                known += script.id;
            }
            throw Error(fmt::format("нет сценария «{}»; есть: {}", options->id,
                                    known.empty() ? "—" : known));
        }
        reportProblems(loaded);
        std::optional<fs::path> stateFile;
        if (!options->stateFile.empty()) {
            stateFile = fs::path(options->stateFile);
        }
        std::error_code ec;
        if (stateFile && fs::exists(*stateFile, ec)) {
            std::ifstream in(*stateFile, std::ios::binary);
            std::stringstream text;
            text << in.rdbuf();
            Runner resumed = Runner::deserialize(loaded.set, text.str());
            if (resumed.script().id != options->id) {
                throw Error(fmt::format("{}: сохранён ход сценария «{}», а не «{}»",
                                        stateFile->string(), resumed.script().id, options->id));
            }
            fmt::print("Продолжаем с шага «{}» ({}).\n", resumed.current().title,
                       stateFile->string());
            outcome.exitCode = Walk(std::move(resumed), stateFile).run();
            return;
        }
        Runner runner(loaded.set, options->id, callValues(loaded, *options));
        fmt::print("Сценарий «{}» ({}). «?» — команды.\n", runner.script().title,
                   scripts::kindTitleRu(runner.script().kind));
        outcome.exitCode = Walk(std::move(runner), stateFile).run();
    });
}

} // namespace sufler::cli
