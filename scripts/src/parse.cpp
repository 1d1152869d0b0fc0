// Reading one script file: front matter (yaml-cpp) and steps (cmark-gfm).
#include "markdown.h"
#include "sufler/core/text.h"
#include "sufler/kb/kb.h"
#include "sufler/scripts/script.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <functional>

namespace sufler::scripts {

using detail::plainText;

namespace {

struct FrontMatter {
    bool present = false;
    std::string yaml;
    int yamlFirstLine = 0; // line of the first YAML line in the file
    std::string body;      // the whole file with the front matter lines blanked
};

// Splits `---\n…\n---` off the top; the body keeps its line numbers.
FrontMatter splitFrontMatter(std::string_view source) {
    FrontMatter result;
    if (source.substr(0, 3) == "\xEF\xBB\xBF") {
        source.remove_prefix(3);
    }
    std::vector<std::string_view> lines;
    for (std::size_t from = 0; from <= source.size();) {
        const std::size_t end = source.find('\n', from);
        if (end == std::string_view::npos) {
            lines.push_back(source.substr(from));
            break;
        }
        lines.push_back(source.substr(from, end - from));
        from = end + 1;
    }
    const auto stripCr = [](std::string_view line) {
        return !line.empty() && line.back() == '\r' ? line.substr(0, line.size() - 1) : line;
    };
    std::size_t close = 0;
    if (!lines.empty() && core::trimmed(stripCr(lines[0])) == "---") {
        for (std::size_t i = 1; i < lines.size(); ++i) {
            const auto line = core::trimmed(stripCr(lines[i]));
            if (line == "---" || line == "...") {
                close = i;
                break;
            }
        }
    }
    if (close == 0) {
        result.body = std::string(source);
        return result;
    }
    result.present = true;
    result.yamlFirstLine = 2;
    for (std::size_t i = 1; i < close; ++i) {
        result.yaml += std::string(lines[i]) + "\n";
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i > close) {
            result.body += lines[i];
        }
        if (i + 1 < lines.size()) {
            result.body += '\n';
        }
    }
    return result;
}

bool hasWordCharacters(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
               (c >= 'A' && c <= 'Z');
    });
}

// Text of a node outside its links (to tell a line that only carries links from prose).
void textOutsideLinks(cmark_node* node, std::string& out) {
    for (cmark_node* child = cmark_node_first_child(node); child != nullptr;
         child = cmark_node_next(child)) {
        const auto type = cmark_node_get_type(child);
        if (type == CMARK_NODE_LINK || type == CMARK_NODE_LIST || type == CMARK_NODE_BLOCK_QUOTE) {
            continue;
        }
        if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
            if (const char* literal = cmark_node_get_literal(child)) {
                out += literal;
            }
            continue;
        }
        textOutsideLinks(child, out);
    }
}

std::string scriptIdOf(std::string_view path) {
    return std::filesystem::path(std::string(path)).stem().string();
}

std::string joinActionNames() {
    return "search, contacts, card/<поле>, transfer, callback, booking, survey, end";
}

std::string joinCardFields() {
    std::string out;
    for (const auto& field : cardFields()) {
        out += out.empty() ? "" : ", ";
        out += field.name;
    }
    return out;
}

class FileParser {
public:
    FileParser(const kb::ScriptFile& file, Diagnostics& diagnostics)
        : m_file(file), m_diagnostics(diagnostics) {
        m_script.path = file.path;
        m_script.id = scriptIdOf(file.path);
        m_script.title = m_script.id;
    }

    std::optional<Script> run() {
        if (m_script.id.find('#') != std::string::npos) {
            // A step id is `script#anchor`, and a link `file.md#anchor`: the first '#' ends the
            // script's name, so no id or link could name this script's steps.
            error(0, "в имени файла сценария есть «#»: ссылки на его шаги невозможны — "
                     "переименуйте файл");
            return std::nullopt;
        }
        FrontMatter front = splitFrontMatter(m_file.source);
        if (front.present) {
            readFrontMatter(front);
        } else {
            error(1, "нет заголовка YAML между строками «---» (title, kind, start)");
        }
        kb::CmarkNode document = detail::parseScriptMarkdown(front.body);
        walk(document.get());
        if (m_script.steps.empty()) {
            error(1, "в сценарии нет ни одного шага (заголовка «## …»)");
            return std::nullopt;
        }
        resolveStart();
        checkLocalWays();
        return std::move(m_script);
    }

private:
    void report(Severity severity, int line, std::string message) {
        m_diagnostics.push_back(Diagnostic{m_file.path, line, severity, std::move(message)});
    }
    void error(int line, std::string message) { report(Severity::Error, line, std::move(message)); }
    void warning(int line, std::string message) {
        report(Severity::Warning, line, std::move(message));
    }

    void readFrontMatter(const FrontMatter& front) {
        YAML::Node root;
        try {
            root = YAML::Load(front.yaml);
        } catch (const YAML::Exception& e) {
            error(front.yamlFirstLine + std::max(0, e.mark.line),
                  fmt::format("заголовок YAML не читается: {}", core::toValidUtf8(e.msg)));
            return;
        }
        if (!root.IsMap()) {
            error(front.yamlFirstLine, "заголовок YAML должен быть набором «ключ: значение»");
            return;
        }
        const auto lineOf = [&](const YAML::Node& node) {
            return front.yamlFirstLine + std::max(0, node.Mark().line);
        };
        // yaml-cpp writes the escapes `\_` and `\N` of a quoted scalar as single Latin-1 bytes;
        // a key that is a list or a map reads as "".
        const auto scalar = [&](const YAML::Node& node, std::string_view key) -> std::string {
            if (!node.IsScalar()) {
                error(lineOf(node), fmt::format("«{}» должно быть строкой", key));
                return {};
            }
            return core::trimmed(core::toValidUtf8(node.as<std::string>()));
        };
        bool haveTitle = false;
        bool haveKind = false;
        for (const auto& item : root) {
            const auto key = core::toValidUtf8(item.first.as<std::string>(""));
            const YAML::Node& value = item.second;
            if (key == "title") {
                m_script.titleLine = lineOf(item.first);
                const auto title = scalar(value, key);
                if (!title.empty()) {
                    m_script.title = title;
                    haveTitle = true;
                }
            } else if (key == "kind") {
                m_script.kindLine = lineOf(item.first);
                const auto kind = scalar(value, key);
                haveKind = true;
                if (auto parsed = parseScriptKind(kind)) {
                    m_script.kind = *parsed;
                } else {
                    error(m_script.kindLine,
                          fmt::format("неизвестный вид сценария «{}»: ожидается incoming, "
                                      "outgoing или situational",
                                      kind));
                }
            } else if (key == "start") {
                m_script.startLine = lineOf(item.first);
                m_startGiven = scalar(value, key);
            } else if (key == "description") {
                m_script.description = scalar(value, key);
            } else if (key == "mark") {
                const auto mark = scalar(value, key);
                if (auto parsed = parseMarkName(mark)) {
                    m_script.mark = *parsed;
                } else {
                    error(lineOf(item.first),
                          fmt::format("неизвестная отметка звонка «{}»: ожидается aggressive, "
                                      "complaint, urgent или outside-competence",
                                      mark));
                }
            } else {
                warning(lineOf(item.first), fmt::format("неизвестный ключ «{}» в заголовке", key));
            }
        }
        if (!haveTitle) {
            error(front.yamlFirstLine, "в заголовке нет названия сценария (title)");
        }
        if (!haveKind) {
            error(front.yamlFirstLine,
                  "в заголовке нет вида сценария (kind: incoming | outgoing | situational)");
        }
    }

    void walk(cmark_node* document) {
        cmark_node* previous = nullptr;
        for (cmark_node* node = cmark_node_first_child(document); node != nullptr;
             node = cmark_node_next(node)) {
            const int line = cmark_node_get_start_line(node);
            if (cmark_node_get_type(node) == CMARK_NODE_HEADING) {
                const int level = cmark_node_get_heading_level(node);
                const std::string title = plainText(node);
                const std::string anchor = m_anchors.unique(title);
                if (level == 1) {
                    if (!m_script.steps.empty()) {
                        warning(line, "заголовок первого уровня внутри сценария не шаг; "
                                      "шаги — заголовки «## …»");
                    }
                    previous = node;
                    continue;
                }
                if (kb::makeAnchor(title).empty()) {
                    // Its anchor would be empty or a bare `-1`: no link could lead to it.
                    error(line, title.empty()
                                    ? std::string("пустой заголовок шага «##»: назовите шаг")
                                    : fmt::format("в заголовке шага «{}» нет ни букв, ни цифр: "
                                                  "на такой шаг не сослаться",
                                                  title));
                }
                Step step;
                step.anchor = anchor;
                step.id = m_script.id + "#" + anchor;
                step.title = title;
                step.level = level;
                step.line = line;
                m_script.steps.push_back(std::move(step));
                previous = node;
                continue;
            }
            if (m_script.steps.empty()) {
                if (hasLinks(node)) {
                    warning(line, "ссылки до первого шага не становятся переходами");
                }
                previous = node;
                continue;
            }
            block(node, previous, m_script.steps.back());
            previous = node;
        }
    }

    static bool hasLinks(cmark_node* node) {
        if (cmark_node_get_type(node) == CMARK_NODE_LINK) {
            return true;
        }
        for (cmark_node* child = cmark_node_first_child(node); child != nullptr;
             child = cmark_node_next(child)) {
            if (hasLinks(child)) {
                return true;
            }
        }
        return false;
    }

    static int lineOf(cmark_node* node, int fallback) {
        const int line = cmark_node_get_start_line(node);
        return line > 0 ? line : fallback;
    }

    void block(cmark_node* node, cmark_node* previous, Step& step) {
        const int line = cmark_node_get_start_line(node);
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_PARAGRAPH: {
            links(node, step, nullptr, line);
            addHintIfProse(node, step, line);
            break;
        }
        case CMARK_NODE_BLOCK_QUOTE:
            for (cmark_node* child = cmark_node_first_child(node); child != nullptr;
                 child = cmark_node_next(child)) {
                const int childLine = lineOf(child, line);
                if (cmark_node_get_type(child) == CMARK_NODE_PARAGRAPH) {
                    Words words{plainText(child), childLine};
                    checkPlaceholders(words.text, childLine);
                    step.words.push_back(std::move(words));
                    links(child, step, nullptr, childLine);
                } else {
                    block(child, nullptr, step);
                }
            }
            break;
        case CMARK_NODE_LIST:
            list(node, previous, step);
            break;
        default:
            // Tables, code and HTML are shown to nobody by the runner; their links still count.
            links(node, step, nullptr, line);
            break;
        }
    }

    void addHintIfProse(cmark_node* node, Step& step, int line) {
        std::string outside;
        textOutsideLinks(node, outside);
        if (hasWordCharacters(outside)) {
            std::string text = plainText(node);
            checkPlaceholders(text, line);
            step.hints.push_back(std::move(text));
        }
    }

    static bool itemIsSurvey(cmark_node* item) {
        bool found = false;
        const std::function<void(cmark_node*)> visit = [&](cmark_node* node) {
            if (cmark_node_get_type(node) == CMARK_NODE_LINK) {
                const char* url = cmark_node_get_url(node);
                if (url != nullptr && std::string_view(url).rfind("sufler:survey", 0) == 0) {
                    found = true;
                }
            }
            for (cmark_node* child = cmark_node_first_child(node); child != nullptr;
                 child = cmark_node_next(child)) {
                if (cmark_node_get_type(child) != CMARK_NODE_LIST) {
                    visit(child);
                }
            }
        };
        visit(item);
        return found;
    }

    // One Markdown list may mix task items, survey options and ways on: consecutive items
    // with the same marker form one list even across blank lines.
    void list(cmark_node* listNode, cmark_node* previous, Step& step) {
        const int listLine = cmark_node_get_start_line(listNode);
        std::optional<SurveyQuestion> question;
        for (cmark_node* item = cmark_node_first_child(listNode); item != nullptr;
             item = cmark_node_next(item)) {
            const int line = lineOf(item, listLine);
            if (kb::isTaskItem(item)) {
                task(item, step, line);
            } else if (itemIsSurvey(item)) {
                if (!question) {
                    question = surveyQuestion(previous, listLine);
                }
                surveyOption(item, *question, line);
            } else {
                links(item, step, nullptr, line, /*skipLists=*/true);
                addHintIfProse(item, step, line);
            }
            // Nested lists are read as lists of their own.
            for (cmark_node* child = cmark_node_first_child(item); child != nullptr;
                 child = cmark_node_next(child)) {
                if (cmark_node_get_type(child) == CMARK_NODE_LIST) {
                    list(child, nullptr, step);
                } else if (cmark_node_get_type(child) == CMARK_NODE_BLOCK_QUOTE) {
                    block(child, nullptr, step);
                }
            }
        }
        if (question && !question->text.empty()) {
            step.survey.push_back(std::move(*question));
        }
    }

    void task(cmark_node* item, Step& step, int line) {
        Task task;
        task.text = plainText(item);
        task.line = line;
        task.checkedInSource = kb::isTaskChecked(item);
        const std::string lower = core::toLowerUtf8(task.text);
        task.required = !(lower.rfind("при необходимости", 0) == 0 ||
                          (lower.size() >= std::string_view("(необязательно)").size() &&
                           lower.ends_with("(необязательно)")));
        if (task.checkedInSource) {
            warning(line, "пункт отмечен «[x]» в самом сценарии: отметки ставит оператор в "
                          "разговоре, здесь пишите «[ ]»");
        }
        checkPlaceholders(task.text, line);
        links(item, step, &task, line, /*skipLists=*/true);
        step.tasks.push_back(std::move(task));
    }

    // The question of a list of survey options: the last paragraph of the blockquote right
    // before the list.
    SurveyQuestion surveyQuestion(cmark_node* previous, int listLine) {
        SurveyQuestion question;
        question.line = listLine;
        if (previous != nullptr && cmark_node_get_type(previous) == CMARK_NODE_BLOCK_QUOTE) {
            if (cmark_node* last = cmark_node_last_child(previous)) {
                question.text = plainText(last);
                question.line = lineOf(last, listLine);
            }
        }
        if (question.text.empty()) {
            error(listLine, "варианты ответа опроса (sufler:survey) должны идти списком сразу "
                            "после цитаты с вопросом");
        }
        return question;
    }

    void surveyOption(cmark_node* item, SurveyQuestion& question, int line) {
        cmark_node* link = nullptr;
        int count = 0;
        const std::function<void(cmark_node*)> find = [&](cmark_node* node) {
            for (cmark_node* child = cmark_node_first_child(node); child != nullptr;
                 child = cmark_node_next(child)) {
                if (cmark_node_get_type(child) == CMARK_NODE_LINK) {
                    link = child;
                    ++count;
                } else if (cmark_node_get_type(child) != CMARK_NODE_LIST) {
                    find(child);
                }
            }
        };
        find(item);
        std::string outside;
        textOutsideLinks(item, outside);
        const char* url = link != nullptr ? cmark_node_get_url(link) : nullptr;
        if (count != 1 || url == nullptr || std::string_view(url) != "sufler:survey" ||
            hasWordCharacters(outside)) {
            error(line, "в списке ответов опроса каждый пункт — одна ссылка "
                        "«[вариант](sufler:survey)» и ничего больше");
            return;
        }
        question.options.push_back(plainText(link));
    }

    // Classifies every link under `node`: a way on, an action (of the task when given) or a
    // reference.
    void links(cmark_node* node, Step& step, Task* task, int fallbackLine, bool skipLists = false) {
        for (cmark_node* child = cmark_node_first_child(node); child != nullptr;
             child = cmark_node_next(child)) {
            const auto type = cmark_node_get_type(child);
            if (skipLists && (type == CMARK_NODE_LIST || type == CMARK_NODE_BLOCK_QUOTE)) {
                continue;
            }
            if (type == CMARK_NODE_LINK) {
                link(child, step, task, lineOf(child, fallbackLine));
                continue;
            }
            links(child, step, task, lineOf(child, fallbackLine));
        }
    }

    void link(cmark_node* node, Step& step, Task* task, int line) {
        const char* rawUrl = cmark_node_get_url(node);
        const std::string href = rawUrl != nullptr ? core::trimmed(rawUrl) : std::string();
        const std::string label = plainText(node);
        if (href.empty()) {
            error(line, fmt::format("у ссылки «{}» нет адреса", label));
            return;
        }
        if (href.rfind("sufler:", 0) == 0) {
            action(href, label, step, task, line);
            return;
        }
        std::string target = href;
        if (target.rfind("./", 0) == 0) {
            target = target.substr(2);
        }
        if (target.empty()) {
            error(line, fmt::format("у ссылки «{}» нет адреса", label));
            return;
        }
        if (target.front() == '#') {
            addWay(step, label, href, m_script.id, core::percentDecode(target.substr(1)), line);
            return;
        }
        const auto hash = target.find('#');
        const std::string file = target.substr(0, hash);
        const bool isScriptFile = file.size() > 3 && file.ends_with(".md") &&
                                  file.find('/') == std::string::npos &&
                                  file.find(':') == std::string::npos;
        if (isScriptFile) {
            const std::string anchor =
                hash == std::string::npos ? std::string() : target.substr(hash + 1);
            addWay(step, label, href, core::percentDecode(file.substr(0, file.size() - 3)),
                   core::percentDecode(anchor), line);
            return;
        }
        step.references.push_back(Reference{label, href, line});
    }

    void addWay(Step& step, const std::string& label, const std::string& href,
                const std::string& script, const std::string& anchor, int line) {
        Way way;
        way.label = label;
        way.href = href;
        way.targetScript = script;
        way.targetAnchor = anchor;
        way.kind = script == m_script.id ? WayKind::Step : WayKind::Script;
        way.target = script + "#" + anchor;
        way.line = line;
        if (way.kind == WayKind::Step && anchor.empty() && href.find('#') != std::string::npos) {
            error(line, fmt::format("ссылка «{}» ведёт на пустой якорь «#»", label));
            return;
        }
        step.ways.push_back(std::move(way));
    }

    void action(const std::string& href, const std::string& label, Step& step, Task* task,
                int line) {
        std::string rest = href.substr(std::string_view("sufler:").size());
        std::string argument;
        if (const auto slash = rest.find('/'); slash != std::string::npos) {
            argument = core::percentDecode(rest.substr(slash + 1));
            rest = rest.substr(0, slash);
        }
        const std::optional<ActionKind> kind = parseActionName(rest);
        if (!kind) {
            error(line, fmt::format("неизвестное действие «{}»; известны: sufler:{}", href,
                                    joinActionNames()));
            return;
        }
        Action act{*kind, argument, label, href, line};
        switch (act.kind) {
        case ActionKind::Card: {
            const auto& fields = cardFields();
            const bool known = std::any_of(fields.begin(), fields.end(), [&](const CardField& f) {
                return f.name == act.argument;
            });
            if (!known) {
                error(line,
                      fmt::format("неизвестное поле карточки звонка «{}» в «{}»; известны: {}",
                                  act.argument, href, joinCardFields()));
                return;
            }
            break;
        }
        case ActionKind::Search:
        case ActionKind::Contacts:
            break;
        case ActionKind::Survey:
            // Options are read by surveyOptions(); one here stands outside an answer list.
            error(line, "вариант ответа опроса (sufler:survey) должен быть пунктом списка сразу "
                        "после цитаты с вопросом");
            return;
        default:
            if (!act.argument.empty()) {
                error(line, fmt::format("у действия «sufler:{}» не бывает уточнения после «/»",
                                        actionName(act.kind)));
                return;
            }
            break;
        }
        if (task != nullptr) {
            task->actions.push_back(std::move(act));
        } else {
            step.actions.push_back(std::move(act));
        }
    }

    void checkPlaceholders(const std::string& text, int line) {
        for (const auto& name : placeholdersIn(text)) {
            if (!isKnownPlaceholder(name)) {
                error(line, fmt::format("неизвестная подстановка «{{{}}}»", name));
            }
        }
    }

    void resolveStart() {
        if (m_startGiven.empty()) {
            m_script.start = m_script.steps.front().anchor;
            if (m_script.startLine == 0) {
                m_script.startLine = m_script.steps.front().line;
            }
            return;
        }
        std::string anchor = m_startGiven;
        if (!anchor.empty() && anchor.front() == '#') {
            anchor = anchor.substr(1);
        }
        if (m_script.findStep(anchor) == nullptr) {
            anchor = kb::makeAnchor(anchor); // `start:` may name the heading as written
        }
        if (m_script.findStep(anchor) == nullptr) {
            error(m_script.startLine,
                  fmt::format("начальный шаг «{}» не найден среди заголовков", m_startGiven));
            anchor = m_script.steps.front().anchor;
        }
        m_script.start = anchor;
    }

    void checkLocalWays() {
        for (const auto& step : m_script.steps) {
            for (const auto& way : step.ways) {
                if (way.kind == WayKind::Step && !way.targetAnchor.empty() &&
                    m_script.findStep(way.targetAnchor) == nullptr) {
                    error(way.line, fmt::format("ссылка «{}» ведёт на шаг «#{}», которого нет в "
                                                "этом сценарии",
                                                way.label, way.targetAnchor));
                }
            }
        }
    }

    const kb::ScriptFile& m_file;
    Diagnostics& m_diagnostics;
    Script m_script;
    std::string m_startGiven;
    kb::AnchorSet m_anchors; // GitHub's anchors, unique in the file
};

} // namespace

bool Step::hasAction(ActionKind kind) const {
    const auto has = [&](const std::vector<Action>& actions) {
        return std::any_of(actions.begin(), actions.end(),
                           [&](const Action& a) { return a.kind == kind; });
    };
    return has(actions) ||
           std::any_of(tasks.begin(), tasks.end(), [&](const Task& t) { return has(t.actions); });
}

bool Step::isEnd() const {
    return hasAction(ActionKind::End);
}
bool Step::isTransfer() const {
    return hasAction(ActionKind::Transfer);
}

std::vector<Action> Step::allActions() const {
    std::vector<Action> all = actions;
    for (const auto& task : tasks) {
        all.insert(all.end(), task.actions.begin(), task.actions.end());
    }
    std::stable_sort(all.begin(), all.end(),
                     [](const Action& a, const Action& b) { return a.line < b.line; });
    return all;
}

const Step* Script::findStep(std::string_view anchor) const {
    for (const auto& step : steps) {
        if (step.anchor == anchor) {
            return &step;
        }
    }
    return nullptr;
}

const Step& Script::startStep() const {
    if (const Step* step = findStep(start)) {
        return *step;
    }
    return steps.front();
}

std::optional<Script> parseScript(const kb::ScriptFile& file, Diagnostics& diagnostics) {
    return FileParser(file, diagnostics).run();
}

ScriptSet ScriptSet::load(const std::vector<kb::ScriptFile>& files, Diagnostics& diagnostics) {
    ScriptSet set;
    for (const auto& file : files) {
        if (auto script = parseScript(file, diagnostics)) {
            set.m_scripts.push_back(std::move(*script));
        }
    }
    std::sort(set.m_scripts.begin(), set.m_scripts.end(),
              [](const Script& a, const Script& b) { return a.id < b.id; });
    // Cross-script ways: resolve `file.md` to its start, report missing scripts and steps.
    std::vector<Diagnostic> found;
    for (auto& script : set.m_scripts) {
        for (auto& step : script.steps) {
            for (auto& way : step.ways) {
                if (way.kind != WayKind::Script) {
                    continue;
                }
                const Script* target = set.find(way.targetScript);
                if (target == nullptr) {
                    found.push_back(Diagnostic{
                        script.path, way.line, Severity::Error,
                        fmt::format("ссылка «{}» ведёт на сценарий «{}.md», которого нет в "
                                    "scripts/",
                                    way.label, way.targetScript)});
                    continue;
                }
                if (way.targetAnchor.empty()) {
                    way.target = target->id + "#" + target->start;
                } else if (target->findStep(way.targetAnchor) == nullptr) {
                    found.push_back(Diagnostic{
                        script.path, way.line, Severity::Error,
                        fmt::format("ссылка «{}» ведёт на шаг «{}#{}», которого нет в сценарии "
                                    "«{}»",
                                    way.label, target->id + ".md", way.targetAnchor, target->id)});
                }
            }
            // Same-script `#` links with an empty anchor cannot occur (rejected while parsing);
            // a bare `file.md` naming the same file means its start.
            for (auto& way : step.ways) {
                if (way.kind == WayKind::Step && way.targetAnchor.empty()) {
                    way.target = script.id + "#" + script.start;
                }
            }
        }
    }
    diagnostics.insert(diagnostics.end(), found.begin(), found.end());
    return set;
}

ScriptSet ScriptSet::fromKb(const kb::KnowledgeBase& kb, Diagnostics& diagnostics) {
    return load(kb.scripts, diagnostics);
}

const Script* ScriptSet::find(std::string_view id) const {
    for (const auto& script : m_scripts) {
        if (script.id == id) {
            return &script;
        }
    }
    return nullptr;
}

const Step* ScriptSet::findStep(std::string_view stepId) const {
    const auto hash = stepId.find('#');
    const Script* script = find(stepId.substr(0, hash));
    if (script == nullptr) {
        return nullptr;
    }
    if (hash == std::string_view::npos || hash + 1 == stepId.size()) {
        return &script->startStep();
    }
    return script->findStep(stepId.substr(hash + 1));
}

const Script* ScriptSet::scriptOf(const Step& step) const {
    const auto hash = step.id.find('#');
    return find(std::string_view(step.id).substr(0, hash));
}

} // namespace sufler::scripts
