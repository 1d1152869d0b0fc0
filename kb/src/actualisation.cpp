// Who actualises a section: identities compared as the hook compares them, and review trailers.
#include "sufler/kb/actualisation.h"

#include "sufler/core/error.h"
#include "sufler/kb/git.h"
#include "text_util.h"

#include <algorithm>
#include <git2.h>
#include <set>

namespace sufler::kb {

namespace {

// The address of «Имя <e-mail>», or the text itself.
std::string_view address(std::string_view text) {
    auto open = text.find('<');
    auto close = text.rfind('>');
    if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
        text = text.substr(open + 1, close - open - 1);
    }
    return detail::trim(text);
}

// Lower case, ё as е: names are written either way.
std::string folded(std::string_view text) {
    std::string lower = detail::toLowerUtf8(detail::trim(text));
    std::string out;
    for (size_t i = 0; i < lower.size(); ++i) {
        if (lower.compare(i, 2, "\xD1\x91") == 0) { // ё
            out += "\xD0\xB5";                      // е
            ++i;
        } else {
            out += lower[i];
        }
    }
    return out;
}

std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    const std::string all = folded(text);
    size_t pos = 0;
    while (pos < all.size()) {
        size_t end = all.find_first_of(" \t", pos);
        if (end == std::string::npos) {
            end = all.size();
        }
        if (end > pos) {
            out.push_back(all.substr(pos, end - pos));
        }
        pos = end + 1;
    }
    return out;
}

} // namespace

bool namesAuthor(std::string_view item, std::string_view authorName, std::string_view authorEmail) {
    const std::string_view wanted = address(item);
    if (wanted.empty()) {
        return false;
    }
    if (wanted.find('@') != std::string_view::npos) {
        return folded(wanted) == folded(authorEmail);
    }
    return !detail::trim(authorName).empty() && folded(wanted) == folded(authorName);
}

bool listsAuthor(const std::vector<std::string>& items, std::string_view authorName,
                 std::string_view authorEmail) {
    return std::any_of(items.begin(), items.end(), [&](const std::string& item) {
        return namesAuthor(item, authorName, authorEmail);
    });
}

bool headIsAuthor(std::string_view head, std::string_view authorName,
                  std::string_view authorEmail) {
    if (head.find('@') != std::string_view::npos) {
        return namesAuthor(head, authorName, authorEmail);
    }
    const std::vector<std::string> author = words(authorName);
    if (author.size() < 2) {
        return false;
    }
    const std::vector<std::string> headWords = words(head);
    const std::set<std::string> known(headWords.begin(), headWords.end());
    return std::all_of(author.begin(), author.end(),
                       [&](const std::string& word) { return known.count(word) > 0; });
}

bool SectionPeople::includes(std::string_view authorName, std::string_view authorEmail) const {
    return present && ((!head.empty() && headIsAuthor(head, authorName, authorEmail)) ||
                       listsAuthor(editors, authorName, authorEmail));
}

std::map<std::string, bool> reviewTrailers(const char* message) {
    std::map<std::string, bool> found;
    // Most commits carry none: look before asking libgit2 to parse.
    if (message == nullptr ||
        std::string_view(message).find(kReviewTrailer) == std::string_view::npos) {
        return found;
    }
    git::ensureInit(); // libgit2 allocates the array with the allocator its init sets
    git_message_trailer_array trailers{};
    if (git_message_trailers(&trailers, message) < 0) {
        return found;
    }
    for (size_t i = 0; i < trailers.count; ++i) {
        const std::string_view key = trailers.trailers[i].key;
        const std::string slug(detail::trim(trailers.trailers[i].value));
        if (slug.empty()) {
            continue;
        }
        if (key == kAsDepartmentTrailer) {
            found[slug] = true;
        } else if (key == kReviewTrailer) {
            found.emplace(slug, false);
        }
    }
    git_message_trailer_array_free(&trailers);
    return found;
}

} // namespace sufler::kb
