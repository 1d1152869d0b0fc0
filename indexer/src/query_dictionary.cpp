// The words of the Russian language (Debian's hunspell-ru): a word typed that the KB does not
// use but the language does («водительское», «аэропорта») is what the caller asked about, not a
// typo of some word of the KB («родительской»).
#include "searcher_impl.h"

#include <hunspell.h>

#include <cstdlib>
#include <map>
#include <mutex>

namespace fs = std::filesystem;

namespace sufler::indexer {

struct WordDictionary::Handle {
    Hunhandle* handle = nullptr;
    ~Handle() {
        if (handle != nullptr) {
            Hunspell_destroy(handle);
        }
    }
};

WordDictionary::WordDictionary(const fs::path& base) : m_handle(std::make_unique<Handle>()) {
    fs::path aff = base;
    aff += ".aff";
    fs::path dic = base;
    dic += ".dic";
    std::error_code error;
    if (!fs::is_regular_file(aff, error) || !fs::is_regular_file(dic, error)) {
        return; // not installed: every word the KB does not use may be a typo, as without it
    }
    m_handle->handle = Hunspell_create(aff.c_str(), dic.c_str());
}

WordDictionary::~WordDictionary() = default;

bool WordDictionary::knows(const std::string& word) const {
    if (m_handle->handle == nullptr) {
        return false;
    }
    // One handle for every searcher of the process: hunspell keeps state between calls.
    std::lock_guard lock(m_mutex);
    return Hunspell_spell(m_handle->handle, word.c_str()) != 0;
}

fs::path spellingDictionaryBase() {
    if (const char* set = std::getenv("SUFLER_SPELLING_DICTIONARY"); set != nullptr) {
        return set;
    }
    return "/usr/share/hunspell/ru_RU";
}

std::shared_ptr<const WordDictionary> WordDictionary::shared(const fs::path& base) {
    // Loading takes about 0.1 s: once a process, whatever the number of searchers.
    static std::mutex mutex;
    static std::map<fs::path, std::shared_ptr<const WordDictionary>> loaded;
    std::lock_guard lock(mutex);
    auto& slot = loaded[base];
    if (!slot) {
        slot = std::make_shared<const WordDictionary>(base);
    }
    return slot;
}

bool Searcher::Impl::realWord(const std::string& word) {
    if (!dictionary) {
        dictionary = WordDictionary::shared(spellingDictionaryBase());
    }
    return dictionary->knows(word);
}

} // namespace sufler::indexer
