#pragma once
// Conversation scripts: the Markdown files of `scripts/` parsed into steps.
//
// A script file has YAML front matter (title, kind, start) and a body in which every heading
// of level 2 or deeper is a step (a level-1 heading is the script's title, not a step).
// Inside a step:
//   > blockquote            words to say, with placeholders such as {оператор}
//   - [ ] task item         what the operator must do (optional when it ends «(необязательно)»
//                           or starts «При необходимости»)
//   [label](#anchor)        a way on to a step of the same script
//   [label](other.md#a)     a way on to a step of another script (`other.md` = its start)
//   [label](sufler:…)       an action the console performs (see ActionKind)
//   - [да](sufler:survey)   survey answer options: a list of survey links right after the
//                           blockquote that asks the question
//   other paragraphs        hints for the operator, shown as they are
// docs/scripts.md describes the format for the people who write scripts.
#include "sufler/core/error.h"
#include "sufler/kb/model.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::scripts {

enum class ScriptKind { Incoming, Outgoing, Situational };

[[nodiscard]] std::string_view kindName(ScriptKind kind);    // "incoming", ...
[[nodiscard]] std::string_view kindTitleRu(ScriptKind kind); // «входящий звонок», ...
[[nodiscard]] std::optional<ScriptKind> parseScriptKind(std::string_view name);

// A mark of the register a script gives the call it is taken in (front matter `mark:`): the
// monthly report counts aggressive callers, complaints, urgent and out-of-competence calls.
enum class CallMark { Aggressive, Complaint, Urgent, OutsideCompetence };

[[nodiscard]] std::string_view markName(CallMark mark); // "aggressive", ...
[[nodiscard]] std::string_view markTitleRu(CallMark mark); // «агрессивный абонент», ...
[[nodiscard]] std::optional<CallMark> parseMarkName(std::string_view name);

// What the console does for a `sufler:` link.
enum class ActionKind {
    Search, // sufler:search[/запрос]  — open the KB search, optionally with a query
    Contacts, // sufler:contacts[/запрос] — search the contacts (whom to transfer to, redirect)
    Card,     // sufler:card/<поле>      — fill a field of the call card (see cardFields())
    Transfer, // sufler:transfer         — the call is switched to someone: counts a transfer
    Callback, // sufler:callback         — book a deferred answer (phone, hours, due date)
    Booking,  // sufler:booking          — book a consultation with a specialist (schedule.md)
    Survey,   // sufler:survey           — an answer option of the closing survey
    End,      // sufler:end              — the conversation ends in this step
};

[[nodiscard]] std::string_view actionName(ActionKind kind); // "search", "card", ...
// The action a `sufler:<name>` link names; nullopt for an unknown name.
[[nodiscard]] std::optional<ActionKind> parseActionName(std::string_view name);

struct Action {
    ActionKind kind = ActionKind::Search;
    std::string argument; // `card/<field>` → field; `search/<query>` → query; else empty
    std::string label;    // the link text
    std::string href;     // as written
    int line = 0;
};

// One field of the call card that `sufler:card/<name>` may name.
struct CardField {
    std::string_view name;    // as in the link: "телефон", "вопрос", ...
    std::string_view titleRu; // label in the console
};
[[nodiscard]] const std::vector<CardField>& cardFields();

// One placeholder that words and task items may use: `{name}`.
struct Placeholder {
    std::string_view name;        // without braces
    std::string_view description; // Russian, for docs and the console
};
[[nodiscard]] const std::vector<Placeholder>& knownPlaceholders();
[[nodiscard]] bool isKnownPlaceholder(std::string_view name);

// Values for placeholders, name (without braces) → text.
using Values = std::map<std::string, std::string, std::less<>>;

// {организация}, {организация_кратко}, {телефон_линии}, {часы_работы} from sufler.yaml.
[[nodiscard]] Values profileValues(const kb::Profile& profile);

// Replaces every `{name}` that has a value. A phrase is never said with a raw `{name}`: when a
// value is unknown (or empty), the clause that needs it (between commas or semicolons) is left
// out, and a sentence with nothing left goes whole — «{абонент}, слушаю Вас.» is said «Слушаю
// Вас.», «Меня зовут {оператор}.» is not said.
[[nodiscard]] std::string fillPlaceholders(std::string_view text, const Values& values);
// `{name}` occurrences in order (names without braces, duplicates kept).
[[nodiscard]] std::vector<std::string> placeholdersIn(std::string_view text);

struct Words {
    std::string text; // plain text of one blockquote paragraph, placeholders unfilled
    int line = 0;
};

struct Task {
    std::string text; // plain text, placeholders unfilled, links reduced to their labels
    bool required = true;
    bool checkedInSource = false; // `- [x]`: lint warns; runs start it undone all the same
    std::vector<Action> actions;  // `sufler:` links written inside the item
    int line = 0;
};

enum class WayKind {
    Step,   // `#anchor`: a step of the same script
    Script, // `file.md` or `file.md#anchor`: another script
};

struct Way {
    std::string label;
    std::string href;         // as written
    std::string target;       // full step id `script#anchor`; for `file.md` alone: `script` + '#' +
                              // its start, once resolved by ScriptSet (empty anchor until then)
    std::string targetScript; // id of the script the way leads to
    std::string targetAnchor; // empty = the script's start
    WayKind kind = WayKind::Step;
    int line = 0;
};

struct SurveyQuestion {
    std::string text;                 // the question as written in the blockquote
    std::vector<std::string> options; // labels of its `sufler:survey` links, in order
    int line = 0;
};

// A link that is neither a way on nor an action: a KB entry (`../departments/…`) or a web page.
struct Reference {
    std::string label;
    std::string href;
    int line = 0;
};

struct Step {
    std::string id;     // `<script>#<anchor>`
    std::string anchor; // GitHub-style, unique in the file
    std::string title;  // heading text
    int level = 2;
    int line = 0; // of the heading
    std::vector<Words> words;
    std::vector<Task> tasks;
    std::vector<Way> ways;
    std::vector<Action> actions; // step-level `sufler:` links (not in tasks, not survey options)
    std::vector<SurveyQuestion> survey;
    std::vector<Reference> references;
    std::vector<std::string> hints; // other paragraphs, plain text

    [[nodiscard]] bool isEnd() const;      // has sufler:end
    [[nodiscard]] bool isTransfer() const; // has sufler:transfer
    [[nodiscard]] bool hasAction(ActionKind kind) const;
    // Every action of the step, its tasks' included, in source order.
    [[nodiscard]] std::vector<Action> allActions() const;
};

struct Script {
    std::string id;   // file name without `.md`
    std::string path; // `scripts/<id>.md`
    std::string title;
    ScriptKind kind = ScriptKind::Situational;
    std::string description;      // front matter `description:`, optional
    std::optional<CallMark> mark; // front matter `mark:`, optional: set on the call taking it
    std::string start;            // anchor of the first step
    int titleLine = 0;            // line of `title:` in the front matter
    int kindLine = 0;
    int startLine = 0; // line of `start:`, or of the first step when it is implicit
    std::vector<Step> steps;

    [[nodiscard]] const Step* findStep(std::string_view anchor) const;
    [[nodiscard]] const Step& startStep() const; // steps is never empty in a parsed script
};

// Parses one file. Problems of the file itself (front matter, unknown placeholders and
// actions, malformed survey lists, links to missing steps of the same file) are appended to
// `diagnostics`; nullopt, with an error, when the file has no step at all or its name holds a
// '#' (then nothing could name its steps).
[[nodiscard]] std::optional<Script> parseScript(const kb::ScriptFile& file,
                                                Diagnostics& diagnostics);

// The script the regulations give for a question outside the ministry's competence (its id):
// offered when the KB has no answer.
inline constexpr std::string_view kOutOfCompetence = "out-of-competence";

// All scripts of a KB, with cross-script ways resolved.
class ScriptSet {
public:
    ScriptSet() = default;
    // Parses every file; diagnostics of all files (and of cross-script links) are collected.
    static ScriptSet load(const std::vector<kb::ScriptFile>& files, Diagnostics& diagnostics);
    static ScriptSet fromKb(const kb::KnowledgeBase& kb, Diagnostics& diagnostics);

    [[nodiscard]] const std::vector<Script>& scripts() const { return m_scripts; }
    [[nodiscard]] const Script* find(std::string_view id) const;
    // `script#anchor`, or `script` alone for its start step.
    [[nodiscard]] const Step* findStep(std::string_view stepId) const;
    [[nodiscard]] const Script* scriptOf(const Step& step) const;

private:
    std::vector<Script> m_scripts; // sorted by id
};

} // namespace sufler::scripts
