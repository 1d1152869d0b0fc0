// Benchmark, run on demand (not registered with ctest): the last commit of every department on
// a long history. A real repository is made with libgit2 in a temporary folder: the first
// commit writes every department, then each commit changes one department in turn, except the
// first department, which is never touched again — so finding it means walking the whole
// history. Prints how long loading the KB takes with and without git.
//
//   BUILD/tests/kb_git_history_bench [--commits 10000] [--departments 8]
#include "sufler/kb/git.h"
#include "sufler/kb/kb.h"

#include <fmt/format.h>
#include <git2.h>
#include <git2/sys/mempack.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace sufler;

namespace {

void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void check(int rc, const char* what) {
    if (rc < 0) {
        const git_error* e = git_error_last();
        throw std::runtime_error(fmt::format("{}: {}", what, e != nullptr ? e->message : "?"));
    }
}

template <typename T, void (*Free)(T*)> struct Deleter {
    void operator()(T* p) const { Free(p); }
};
template <typename T, void (*Free)(T*)> using Owned = std::unique_ptr<T, Deleter<T, Free>>;
using Odb = Owned<git_odb, git_odb_free>;
using Builder = Owned<git_treebuilder, git_treebuilder_free>;

// Builds the history in memory (a mempack backend) and writes it as one pack at the end:
// thousands of loose objects would measure the disk, not the walk.
class HistoryWriter {
public:
    explicit HistoryWriter(kb::git::Repository& repo) : m_repo(repo.get()) {
        git_odb* odb = nullptr;
        check(git_repository_odb(&odb, m_repo), "odb");
        m_odb.reset(odb);
        check(git_mempack_new(&m_mempack), "mempack");
        check(git_odb_add_backend(m_odb.get(), m_mempack, 999), "mempack backend");
    }

    git_oid blob(const std::string& text) {
        git_oid id;
        check(git_blob_create_from_buffer(&id, m_repo, text.data(), text.size()), "blob");
        return id;
    }

    git_oid tree(const std::map<std::string, std::pair<git_oid, git_filemode_t>>& items) {
        git_treebuilder* raw = nullptr;
        check(git_treebuilder_new(&raw, m_repo, nullptr), "treebuilder");
        Builder builder(raw);
        for (const auto& [name, item] : items) {
            check(git_treebuilder_insert(nullptr, builder.get(), name.c_str(), &item.first,
                                         item.second),
                  "tree entry");
        }
        git_oid id;
        check(git_treebuilder_write(&id, builder.get()), "tree");
        return id;
    }

    git_oid commit(const git_oid& treeId, const git_oid* parentId, const std::string& message,
                   std::int64_t time, int offset) {
        const auto signature =
            kb::git::makeSignature({"Иванова", "ivanova@minsoc.example", time, offset});
        kb::git::Tree tree;
        check(git_tree_lookup(tree.out(), m_repo, &treeId), "tree lookup");
        kb::git::Commit parent;
        const git_commit* parents[1] = {nullptr};
        if (parentId != nullptr) {
            check(git_commit_lookup(parent.out(), m_repo, parentId), "parent");
            parents[0] = parent.get();
        }
        git_oid id;
        check(git_commit_create(&id, m_repo, nullptr, signature.get(), signature.get(), nullptr,
                                message.c_str(), tree.get(), parentId != nullptr ? 1 : 0, parents),
              "commit");
        return id;
    }

    // Writes the pack and points the current branch at `head`.
    void finish(const git_oid& head) {
        git_buf pack = GIT_BUF_INIT;
        check(git_mempack_dump(&pack, m_repo, m_mempack), "pack");
        git_odb_writepack* writer = nullptr;
        check(git_odb_write_pack(&writer, m_odb.get(), nullptr, nullptr), "pack writer");
        git_indexer_progress progress{};
        int rc = writer->append(writer, pack.ptr, pack.size, &progress);
        if (rc >= 0) {
            rc = writer->commit(writer, &progress);
        }
        writer->free(writer);
        git_buf_dispose(&pack);
        check(rc, "pack write");
        check(git_mempack_reset(m_mempack), "mempack reset");
        kb::git::Reference ref;
        check(git_reference_create(ref.out(), m_repo, "refs/heads/main", &head, 1, "bench"),
              "branch");
        check(git_repository_set_head(m_repo, "refs/heads/main"), "HEAD");
    }

private:
    git_repository* m_repo;
    Odb m_odb;
    git_odb_backend* m_mempack = nullptr; // owned by the odb once added
};

} // namespace

int main(int argc, char** argv) {
    int commits = 10000;
    int departments = 8;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--commits") {
            commits = std::atoi(argv[i + 1]);
        } else if (flag == "--departments") {
            departments = std::atoi(argv[i + 1]);
        }
    }
    if (commits < 2 || departments < 2) {
        fmt::print(stderr, "нужно --commits ≥ 2 и --departments ≥ 2\n");
        return 2;
    }
    const fs::path root = fs::temp_directory_path() /
                          fmt::format("sufler-git-bench-{}",
                                      std::chrono::steady_clock::now().time_since_epoch().count());
    fs::remove_all(root);
    try {
        write(root / "sufler.yaml", "organization: Министерство\n");
        std::vector<std::string> slugs;
        for (int d = 0; d < departments; ++d) {
            slugs.push_back(fmt::format("dept-{:02}", d));
            const std::string index = "departments/" + slugs.back() + "/index.md";
            write(root / index, fmt::format("---\ntitle: Отдел {}\n---\nТекст.\n", d));
        }
        auto repo = kb::git::Repository::init(root);
        HistoryWriter history(repo);
        std::int64_t time = 1'700'000'000;
        const auto made = std::chrono::steady_clock::now();
        const auto regular = GIT_FILEMODE_BLOB;
        const auto folder = GIT_FILEMODE_TREE;
        std::map<std::string, std::pair<git_oid, git_filemode_t>> departmentsTree;
        std::vector<git_oid> indexBlobs;
        for (int d = 0; d < departments; ++d) {
            indexBlobs.push_back(
                history.blob(fmt::format("---\ntitle: Отдел {}\n---\nТекст.\n", d)));
            departmentsTree[slugs[static_cast<std::size_t>(d)]] = {
                history.tree({{"index.md", {indexBlobs.back(), regular}}}), folder};
        }
        const git_oid profile = history.blob("organization: Министерство\n");
        const auto rootTree = [&] {
            return history.tree({{"sufler.yaml", {profile, regular}},
                                 {"departments", {history.tree(departmentsTree), folder}}});
        };
        const git_oid oldestId = history.commit(rootTree(), nullptr, "Все разделы", time, 180);
        const std::string oldest = kb::git::toHex(oldestId);
        git_oid head = oldestId;
        for (int c = 1; c < commits; ++c) {
            time += 600;
            const std::size_t d = 1 + static_cast<std::size_t>(c % (departments - 1));
            departmentsTree[slugs[d]] = {
                history.tree(
                    {{"index.md", {indexBlobs[d], regular}},
                     {"faq.md",
                      {history.blob(fmt::format("## Вопрос {}\n\nОтвет.\n", c)), regular}}}),
                folder};
            const git_oid next = history.commit(rootTree(), &head, fmt::format("Правка {}", c),
                                                time, c % 2 == 0 ? 180 : 300);
            head = next;
        }
        history.finish(head);
        const double making = secondsSince(made);

        const auto walked = std::chrono::steady_clock::now();
        const auto last = kb::git::lastCommitsPerDepartment(repo, "departments", slugs);
        const double walk = secondsSince(walked);

        const auto loaded = std::chrono::steady_clock::now();
        const auto withGit = kb::load(root);
        const double loadGit = secondsSince(loaded);
        const auto plain = std::chrono::steady_clock::now();
        kb::LoadOptions noGit;
        noGit.withGit = false;
        const auto withoutGit = kb::load(root, noGit);
        const double loadPlain = secondsSince(plain);

        const bool right = last.size() == slugs.size() && last.at(slugs[0]).id == oldest &&
                           withGit.lastCommit.size() == slugs.size();
        fmt::print("коммитов {}, отделов {}; история создана за {:.1f} с\n", commits, departments,
                   making);
        fmt::print("последний коммит каждого отдела (один обход): {:.3f} с\n", walk);
        fmt::print("загрузка базы с историей git: {:.3f} с, без git: {:.3f} с\n", loadGit,
                   loadPlain);
        fmt::print("результат {}\n", right ? "верный" : "НЕВЕРНЫЙ");
        (void)withoutGit;
        fs::remove_all(root);
        return right ? 0 : 1;
    } catch (const std::exception& e) {
        fmt::print(stderr, "kb_git_history_bench: {}\n", e.what());
        fs::remove_all(root);
        return 1;
    }
}
