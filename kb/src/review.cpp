// Recording a review: `reviewed:` in the front matter, committed alone through libgit2.
#include "sufler/kb/review.h"
#include "text_util.h"

#include "history_internal.h"
#include "sufler/core/error.h"
#include "sufler/core/text.h"
#include "sufler/kb/actualisation.h"
#include "sufler/kb/git.h"

#include <fmt/format.h>
#include <fstream>
#include <regex>
#include <sstream>

namespace sufler::kb {

using detail::readWhole;
using detail::writeWhole;

namespace fs = std::filesystem;

namespace {

std::string_view trimRight(std::string_view line) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
        line.remove_suffix(1);
    }
    return line;
}

} // namespace

std::optional<std::pair<std::string, std::string>> parseIdentity(std::string_view text) {
    auto open = text.find('<');
    auto close = text.rfind('>');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
        return std::nullopt;
    }
    std::string name = core::trimmed(text.substr(0, open));
    std::string email = core::trimmed(text.substr(open + 1, close - open - 1));
    if (name.empty() || email.empty() || email.find('@') == std::string::npos ||
        !core::trimmed(text.substr(close + 1)).empty()) {
        return std::nullopt;
    }
    return std::make_pair(name, email);
}

std::string setReviewedDate(std::string_view text, const Date& date, std::string_view path) {
    size_t pos = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        pos = 3; // a BOM stays where it is
    }
    // The first line must open the front matter.
    size_t firstEnd = text.find('\n', pos);
    if (firstEnd == std::string_view::npos ||
        trimRight(text.substr(pos, firstEnd - pos)) != "---") {
        throw Error(
            fmt::format("{}:1: нет front matter: файл должен начинаться строкой ---", path));
    }
    const std::string eol = firstEnd > 0 && text[firstEnd - 1] == '\r' ? "\r\n" : "\n";
    const std::string line = fmt::format("reviewed: {}", formatIsoDate(date));

    size_t lineStart = firstEnd + 1;
    while (lineStart < text.size()) {
        size_t lineEnd = text.find('\n', lineStart);
        size_t next = lineEnd == std::string_view::npos ? text.size() : lineEnd + 1;
        std::string_view current = text.substr(
            lineStart, (lineEnd == std::string_view::npos ? text.size() : lineEnd) - lineStart);
        std::string_view bare = trimRight(current);
        if (bare == "---" || bare == "...") {
            // No `reviewed:` yet: add it as the last key.
            return std::string(text.substr(0, lineStart)) + line + eol +
                   std::string(text.substr(lineStart));
        }
        // A top-level key only: an indented `reviewed:` belongs to some other mapping.
        if (current.substr(0, 8) == "reviewed" &&
            core::trimmed(current.substr(8)).substr(0, 1) == ":") {
            std::string ending;
            if (lineEnd != std::string_view::npos) {
                ending = !current.empty() && current.back() == '\r' ? "\r\n" : "\n";
            }
            return std::string(text.substr(0, lineStart)) + line + ending +
                   std::string(text.substr(next));
        }
        lineStart = next;
    }
    throw Error(fmt::format("{}:1: front matter не закрыт строкой ---", path));
}

ReviewResult recordReview(const fs::path& kbRoot, std::string_view slug,
                          const ReviewOptions& options) {
    static const std::regex kSlug("[a-z0-9-]+");
    if (!std::regex_match(std::string(slug), kSlug)) {
        throw Error(fmt::format(
            "«{}» — не имя раздела: допустимы строчные латинские буквы, цифры и -", slug));
    }
    const fs::path file = kbRoot / "departments" / std::string(slug) / "index.md";
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
        throw Error(fmt::format("нет раздела «{}»: нет файла departments/{}/index.md", slug, slug));
    }

    auto repo = git::Repository::discover(kbRoot);
    if (!repo || repo->isBare()) {
        throw Error(
            fmt::format("{}: база знаний не в git-репозитории — актуализацию записывает коммит; "
                        "создайте репозиторий (git init) или клонируйте базу знаний",
                        kbRoot.string()));
    }

    std::optional<git::Person> configured = repo->configuredPerson();
    git::Person author;
    if (options.author) {
        auto identity = parseIdentity(*options.author);
        if (!identity) {
            throw Error(fmt::format("--author «{}»: нужно в виде «Имя <email>»", *options.author));
        }
        author = git::personNow(identity->first, identity->second);
    } else if (configured) {
        author = *configured;
    } else {
        throw Error("не задан автор: укажите git config user.name и user.email "
                    "или --author \"Имя <email>\"");
    }
    const git::Person committer = configured ? *configured : author;

    const fs::path workdir = repo->workdir();
    const std::string relative = fs::relative(fs::weakly_canonical(file), workdir).generic_string();
    if (relative.empty() || relative.rfind("..", 0) == 0) {
        throw Error(
            fmt::format("{}: файл вне рабочей копии git {}", file.string(), workdir.string()));
    }

    git::Commit parent = repo->headCommit();
    if (!parent) {
        throw Error("в git-репозитории ещё нет ни одного коммита: сначала закоммитьте базу знаний");
    }
    unsigned int status = 0;
    git::check(git_status_file(&status, repo->get(), relative.c_str()),
               fmt::format("git: не удалось узнать состояние {}", relative));
    if ((status & (GIT_STATUS_WT_NEW | GIT_STATUS_INDEX_NEW)) != 0) {
        throw Error(fmt::format("{}: файл ещё не в git — сначала закоммитьте раздел", relative));
    }
    if (status != GIT_STATUS_CURRENT) {
        throw Error(
            fmt::format("{}: в файле есть незакоммиченные изменения — закоммитьте их (это тоже "
                        "актуализация) или отмените, затем повторите",
                        relative));
    }

    // Who may record it: the review is the department's act, or it counts for nothing.
    const std::string prefix = relative.substr(
        0, relative.size() - ("departments/" + std::string(slug) + "/index.md").size());
    detail::KbTreeReader reader(*repo, prefix);
    const SectionPeople people = reader.people(parent.get(), std::string(slug));
    const bool own = people.includes(author.name, author.email);
    const bool admin = listsAuthor(reader.admins(parent.get()), author.name, author.email);
    const std::string who = fmt::format("{} <{}>", author.name, author.email);
    if (!own && !options.asDepartment) {
        if (admin) {
            throw Error(fmt::format(
                "{} — администратор, но не руководитель и не редактор раздела {} ({}): такой "
                "коммит не считается актуализацией. Если отдел поручил записать актуализацию от "
                "его имени, повторите с --as-department",
                who, slug, relative));
        }
        throw Error(fmt::format(
            "{} не руководитель (head) и не редактор (editors) раздела {} по {} и не "
            "администратор (admins в sufler.yaml): актуализацию записывает сам отдел. Укажите "
            "автора из раздела: --author \"Имя <email>\"",
            who, slug, relative));
    }
    if (!own && !admin) {
        throw Error(fmt::format("--as-department: {} не администратор (admins в sufler.yaml); от "
                                "имени отдела актуализацию записывает только администратор",
                                who));
    }
    const bool asDepartment = !own;

    const Date date = options.date ? *options.date : todayLocal();
    const std::string original = readWhole(file);
    const std::string updated = setReviewedDate(original, date, relative);

    // The commit's tree is HEAD's with this one file replaced: whatever else is staged stays
    // staged and out of the review.
    git_oid blobId;
    git::check(git_blob_create_from_buffer(&blobId, repo->get(), updated.data(), updated.size()),
               "git: не удалось записать файл в репозиторий");
    git::Tree headTree;
    git::check(git_commit_tree(headTree.out(), parent.get()),
               "git: не удалось прочитать дерево HEAD");
    git::TreeEntry oldEntry;
    git::check(git_tree_entry_bypath(oldEntry.out(), headTree.get(), relative.c_str()),
               fmt::format("git: {} нет в HEAD", relative));
    git_tree_update update{};
    update.action = GIT_TREE_UPDATE_UPSERT;
    update.id = blobId;
    update.filemode = git_tree_entry_filemode(oldEntry.get());
    update.path = relative.c_str();
    git_oid treeId;
    git::check(git_tree_create_updated(&treeId, repo->get(), headTree.get(), 1, &update),
               "git: не удалось собрать дерево коммита");
    git::Tree tree;
    git::check(git_tree_lookup(tree.out(), repo->get(), &treeId), "git: нет дерева коммита");

    std::string message =
        options.message.empty()
            ? fmt::format("Актуализация раздела {}: изменений не потребовалось", slug)
            : options.message;
    if (message.back() != '\n') {
        message += '\n';
    }
    // The trailer lets the history find the review even when the file did not change (a second
    // review on one day), and says whose act it is.
    message +=
        fmt::format("\n{}: {}\n", asDepartment ? kAsDepartmentTrailer : kReviewTrailer, slug);
    git::Signature authorSig = git::makeSignature(author);
    git::Signature committerSig = git::makeSignature(committer);
    const git_commit* parents[] = {parent.get()};

    writeWhole(file, updated);
    git_oid commitId;
    try {
        git::check(git_commit_create(&commitId, repo->get(), "HEAD", authorSig.get(),
                                     committerSig.get(), "UTF-8", message.c_str(), tree.get(), 1,
                                     parents),
                   "git: не удалось создать коммит");
        // The index learns the new content of this file only, so `git status` stays clean.
        git::Index index;
        git::check(git_repository_index(index.out(), repo->get()),
                   "git: не удалось открыть индекс");
        git::check(git_index_add_bypath(index.get(), relative.c_str()),
                   fmt::format("git: не удалось обновить индекс для {}", relative));
        git::check(git_index_write(index.get()), "git: не удалось записать индекс");
    } catch (...) {
        // Put the file back only when the commit was not made.
        git::Commit head = repo->headCommit();
        if (head && git_oid_equal(git_commit_id(head.get()), git_commit_id(parent.get()))) {
            writeWhole(file, original);
        }
        throw;
    }
    return ReviewResult{git::toHex(commitId), relative,     date,
                        author.name,          author.email, asDepartment};
}

} // namespace sufler::kb
