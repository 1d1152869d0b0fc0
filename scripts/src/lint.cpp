// `sufler lint` for scripts: the format (parse), the graph of steps across scripts
// (reachability, dead ends) and the regulation's rules for incoming calls.
#include "sufler/scripts/lint.h"

#include "markdown.h"
#include "sufler/core/regulations.h"
#include "sufler/core/text.h"
#include "sufler/scripts/script.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <map>
#include <set>

namespace sufler::scripts {

namespace {

// Quotes and a final period do not change a question: «…», "…".
std::string normalizeQuestion(std::string_view text) {
    std::string out = detail::squeeze(text);
    const auto strip = [&](std::string_view open, std::string_view close) {
        if (out.size() >= open.size() + close.size() && out.starts_with(open) &&
            out.ends_with(close)) {
            out = core::trimmed(out.substr(open.size(), out.size() - open.size() - close.size()));
        }
    };
    strip("«", "»");
    strip("\"", "\"");
    strip("“", "”");
    if (!out.empty() && out.back() == '.') {
        out.pop_back();
    }
    return out;
}

bool saysThanks(const Step& step) {
    return std::any_of(step.words.begin(), step.words.end(), [](const Words& words) {
        const std::string lower = core::toLowerUtf8(words.text);
        return lower.find("спасибо") != std::string::npos ||
               lower.find("благодар") != std::string::npos;
    });
}

// The steps of all scripts as one graph: ways are edges, resolved through the set.
class Graph {
public:
    explicit Graph(const ScriptSet& set) : m_set(set) {
        for (const auto& script : set.scripts()) {
            for (const auto& step : script.steps) {
                m_paths[&step] = script.path;
            }
        }
    }

    struct Edge {
        const Step* to;
        const Way* way;
    };

    [[nodiscard]] std::vector<Edge> edges(const Step& step) const {
        std::vector<Edge> out;
        for (const auto& way : step.ways) {
            if (const Step* to = m_set.findStep(way.target)) {
                out.push_back(Edge{to, &way});
            }
        }
        return out;
    }

    [[nodiscard]] const std::string& pathOf(const Step* step) const { return m_paths.at(step); }

    [[nodiscard]] std::set<const Step*> reachableFrom(const Step& start) const {
        std::set<const Step*> seen{&start};
        std::deque<const Step*> queue{&start};
        while (!queue.empty()) {
            const Step* step = queue.front();
            queue.pop_front();
            for (const auto& edge : edges(*step)) {
                if (seen.insert(edge.to).second) {
                    queue.push_back(edge.to);
                }
            }
        }
        return seen;
    }

private:
    const ScriptSet& m_set;
    std::map<const Step*, std::string> m_paths;
};

class Linter {
public:
    Linter(const kb::KnowledgeBase& kb, const ScriptSet& set, Diagnostics& out)
        : m_kb(kb), m_set(set), m_graph(set), m_out(out) {}

    void run() {
        checkGraph();
        checkReferences();
        for (const auto& script : m_set.scripts()) {
            if (script.kind == ScriptKind::Incoming) {
                checkIncoming(script);
            }
        }
    }

private:
    void error(const std::string& path, int line, std::string message) {
        m_out.push_back(Diagnostic{path, line, Severity::Error, std::move(message)});
    }
    void warning(const std::string& path, int line, std::string message) {
        m_out.push_back(Diagnostic{path, line, Severity::Warning, std::move(message)});
    }

    // Every script starts somewhere, so a step is reachable when a path leads to it from the
    // start of any script; a step with no way on must end the call.
    void checkGraph() {
        std::set<const Step*> reachable;
        for (const auto& script : m_set.scripts()) {
            const auto from = m_graph.reachableFrom(script.startStep());
            reachable.insert(from.begin(), from.end());
        }
        for (const auto& script : m_set.scripts()) {
            for (const auto& step : script.steps) {
                if (!reachable.contains(&step)) {
                    error(script.path, step.line,
                          fmt::format("к шагу «{}» не ведёт ни одна ссылка: он недостижим",
                                      step.title));
                }
                if (step.ways.empty() && !step.isEnd()) {
                    error(script.path, step.line,
                          fmt::format("из шага «{}» нет пути дальше, а он не завершает разговор "
                                      "(добавьте ссылку на следующий шаг или [Завершить]"
                                      "(sufler:end))",
                                      step.title));
                }
            }
        }
    }

    // Links to KB files (`../directory/agencies.md#…`) must lead somewhere: the file on disk
    // and, when the KB's entries are loaded, the entry.
    void checkReferences() {
        if (m_kb.root.empty()) {
            return;
        }
        for (const auto& script : m_set.scripts()) {
            for (const auto& step : script.steps) {
                for (const auto& ref : step.references) {
                    checkReference(script, ref);
                }
            }
        }
    }

    void checkReference(const Script& script, const Reference& ref) {
        if (ref.href.find(':') != std::string::npos) {
            return; // web pages, mail, phone numbers
        }
        const auto hash = ref.href.find('#');
        const std::string file = core::percentDecode(ref.href.substr(0, hash));
        if (file.empty()) {
            return;
        }
        const std::filesystem::path base = std::filesystem::path(script.path).parent_path();
        const std::string relative = (base / file).lexically_normal().generic_string();
        std::error_code ec;
        if (relative.starts_with("..") || !std::filesystem::exists(m_kb.root / relative, ec)) {
            error(script.path, ref.line,
                  fmt::format("ссылка «{}» ведёт на файл «{}», которого нет в базе знаний",
                              ref.label, relative));
            return;
        }
        if (hash != std::string::npos && !m_kb.entries.empty()) {
            const std::string id = relative + "#" + core::percentDecode(ref.href.substr(hash + 1));
            if (m_kb.findEntry(id) == nullptr) {
                error(script.path, ref.line,
                      fmt::format("ссылка «{}» ведёт на запись «{}», которой нет в базе знаний",
                                  ref.label, id));
            }
        }
    }

    void checkIncoming(const Script& script) {
        const Step& start = script.startStep();
        checkGreeting(script, start);
        const auto reachable = m_graph.reachableFrom(start);
        checkSurvey(script, reachable);
        checkThanks(reachable);
        checkTransfers(script, start);
    }

    void checkGreeting(const Script& script, const Step& greeting) {
        const auto says = [&](const std::vector<std::string>& needles) {
            return std::any_of(greeting.words.begin(), greeting.words.end(), [&](const Words& w) {
                return std::any_of(needles.begin(), needles.end(), [&](const std::string& n) {
                    return !n.empty() && w.text.find(n) != std::string::npos;
                });
            });
        };
        const auto& profile = m_kb.profile;
        if (!says({"{организация}", "{организация_кратко}", profile.organization,
                   profile.shortName})) {
            error(script.path, greeting.line,
                  fmt::format("приветствие «{}» должно назвать горячую линию: подстановка "
                              "{{организация}} (или {{организация_кратко}}) в словах оператора",
                              greeting.title));
        }
        if (!says({"{оператор}"})) {
            error(script.path, greeting.line,
                  fmt::format("в приветствии «{}» оператор должен представиться: подстановка "
                              "{{оператор}} в словах оператора",
                              greeting.title));
        }
    }

    void checkSurvey(const Script& script, const std::set<const Step*>& reachable) {
        // Survey steps in a stable order (file, then line) for stable diagnostics.
        std::vector<const Step*> steps(reachable.begin(), reachable.end());
        std::sort(steps.begin(), steps.end(), [&](const Step* a, const Step* b) {
            return std::tie(m_graph.pathOf(a), a->line) < std::tie(m_graph.pathOf(b), b->line);
        });
        std::set<const Step*> surveySteps;
        // The closing survey of the regulation, word for word.
        for (const auto& required : regulations::kSurvey) {
            bool found = false;
            for (const Step* step : steps) {
                for (const auto& question : step->survey) {
                    if (normalizeQuestion(question.text) != required.text) {
                        continue;
                    }
                    found = true;
                    surveySteps.insert(step);
                    const bool same = question.options.size() == required.answers.size() &&
                                      std::equal(question.options.begin(), question.options.end(),
                                                 required.answers.begin(),
                                                 [](const std::string& a, std::string_view b) {
                                                     return detail::squeeze(a) == b;
                                                 });
                    if (!same) {
                        std::string expected;
                        for (auto option : required.answers) {
                            expected += expected.empty() ? "" : " / ";
                            expected += fmt::format("«{}»", option);
                        }
                        error(m_graph.pathOf(step), question.line,
                              fmt::format("у вопроса «{}» должны быть ровно ответы {}",
                                          required.text, expected));
                    }
                }
            }
            if (!found) {
                error(script.path, surveyAnchorLine(script, steps),
                      fmt::format("в завершении разговора нет вопроса «{}» (цитата с вопросом и "
                                  "список ответов [вариант](sufler:survey))",
                                  required.text));
            }
        }
        // A way to the end that skips the survey is legal (a caller may hang up), but worth
        // a look.
        if (!surveySteps.empty()) {
            checkEndsAfterSurvey(script, surveySteps);
        }
    }

    // Where to point a missing question: the first survey step of the script, else its
    // first end step, else its title.
    int surveyAnchorLine(const Script& script, const std::vector<const Step*>& reachable) const {
        for (const Step* step : reachable) {
            if (m_graph.pathOf(step) == script.path && !step->survey.empty()) {
                return step->survey.front().line;
            }
        }
        for (const auto& step : script.steps) {
            if (step.isEnd()) {
                return step.line;
            }
        }
        return script.titleLine > 0 ? script.titleLine : 1;
    }

    void checkEndsAfterSurvey(const Script& script, const std::set<const Step*>& surveySteps) {
        const Step& start = script.startStep();
        std::set<const Step*> seen{&start};
        std::deque<const Step*> queue{&start};
        while (!queue.empty()) {
            const Step* step = queue.front();
            queue.pop_front();
            if (surveySteps.contains(step)) {
                continue;
            }
            if (step->isEnd()) {
                warning(m_graph.pathOf(step), step->line,
                        fmt::format("путь от начала сценария «{}» к завершению «{}» минует опрос "
                                    "о качестве",
                                    script.id, step->title));
            }
            for (const auto& edge : m_graph.edges(*step)) {
                if (seen.insert(edge.to).second) {
                    queue.push_back(edge.to);
                }
            }
        }
    }

    void checkThanks(const std::set<const Step*>& reachable) {
        for (const Step* step : reachable) {
            if (step->isEnd() && !saysThanks(*step) && m_thanked.insert(step).second) {
                error(m_graph.pathOf(step), step->line,
                      fmt::format("шаг «{}» завершает входящий звонок, но в словах оператора нет "
                                  "благодарности («Спасибо за обращение» или «Благодарю…»)",
                                  step->title));
            }
        }
    }

    // Breadth-first over (step, transfers so far): finds the shortest path that reaches a
    // third transfer, cycles included.
    void checkTransfers(const Script& script, const Step& start) {
        struct State {
            const Step* step;
            int transfers;
        };
        struct Came {
            int parent;
            const Way* way;
        };
        std::vector<State> states;
        std::vector<Came> came;
        std::map<std::pair<const Step*, int>, int> seen;
        const auto push = [&](const Step* step, int transfers, int parent, const Way* way) {
            if (seen.emplace(std::make_pair(step, transfers), static_cast<int>(states.size()))
                    .second) {
                states.push_back(State{step, transfers});
                came.push_back(Came{parent, way});
                return true;
            }
            return false;
        };
        const int limit = 2;
        push(&start, start.isTransfer() ? 1 : 0, -1, nullptr);
        for (std::size_t i = 0; i < states.size(); ++i) {
            const State state = states[i];
            for (const auto& edge : m_graph.edges(*state.step)) {
                const int transfers = state.transfers + (edge.to->isTransfer() ? 1 : 0);
                if (!push(edge.to, transfers, static_cast<int>(i), edge.way)) {
                    continue;
                }
                if (transfers > limit) {
                    reportTransferPath(script, states, came, static_cast<int>(states.size()) - 1);
                    return;
                }
            }
        }
    }

    template <typename States, typename Cames>
    void reportTransferPath(const Script& script, const States& states, const Cames& came,
                            int last) {
        std::vector<int> chain;
        for (int at = last; at >= 0; at = came[static_cast<std::size_t>(at)].parent) {
            chain.push_back(at);
        }
        std::reverse(chain.begin(), chain.end());
        std::string route;
        for (int at : chain) {
            const Step* step = states[static_cast<std::size_t>(at)].step;
            route += route.empty() ? "" : " → ";
            route += step->id;
            if (step->isTransfer()) {
                route += " (переключение)";
            }
        }
        const auto& lastCame = came[static_cast<std::size_t>(last)];
        const Step* from = states[static_cast<std::size_t>(lastCame.parent)].step;
        error(m_graph.pathOf(from), lastCame.way->line,
              fmt::format("ссылка «{}» даёт третье переключение за звонок (по регламенту не "
                          "больше двух) на пути сценария «{}»: {}",
                          lastCame.way->label, script.id, route));
    }

    const kb::KnowledgeBase& m_kb;
    const ScriptSet& m_set;
    Graph m_graph;
    Diagnostics& m_out;
    std::set<const Step*> m_thanked;
};

} // namespace

Diagnostics lintScripts(const kb::KnowledgeBase& kb) {
    Diagnostics diagnostics;
    const ScriptSet set = ScriptSet::fromKb(kb, diagnostics);
    Linter(kb, set, diagnostics).run();
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                         return std::tie(a.path, a.line) < std::tie(b.path, b.line);
                     });
    return diagnostics;
}

} // namespace sufler::scripts
