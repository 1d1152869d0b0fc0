// Names a KB may hold: see paths.h.
#include "sufler/kb/paths.h"

#include "sufler/core/text.h"

#include <array>
#include <fmt/format.h>

namespace sufler::kb {

namespace {

std::string asciiLower(std::string_view text) {
    std::string result(text);
    for (char& c : result) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return result;
}

// Code points macOS (HFS+) ignores in names, so ".g\u200cit" is ".git" there.
bool hfsIgnorable(char32_t c) {
    return (c >= 0x200c && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
           (c >= 0x206a && c <= 0x206f) || c == 0xfeff;
}

// The name as HFS+ and NTFS would compare it: ignorable code points dropped, trailing dots and
// spaces dropped (NTFS), ASCII lower-cased. Valid UTF-8 is assumed.
std::string folded(std::string_view name) {
    std::string kept;
    for (size_t i = 0; i < name.size();) {
        const auto byte = static_cast<unsigned char>(name[i]);
        const size_t length = byte < 0x80 ? 1 : byte < 0xe0 ? 2 : byte < 0xf0 ? 3 : 4;
        char32_t code = length == 1 ? byte : byte & (0x7f >> length);
        for (size_t k = 1; k < length && i + k < name.size(); ++k) {
            code = (code << 6) | (static_cast<unsigned char>(name[i + k]) & 0x3f);
        }
        if (!hfsIgnorable(code)) {
            kept.append(name.substr(i, length));
        }
        i += length;
    }
    while (!kept.empty() && (kept.back() == '.' || kept.back() == ' ')) {
        kept.pop_back();
    }
    return asciiLower(kept);
}

bool windowsReserved(std::string_view lowered) {
    const std::string_view stem = lowered.substr(0, lowered.find('.'));
    static constexpr std::array<std::string_view, 4> kPlain{"con", "prn", "aux", "nul"};
    for (auto reserved : kPlain) {
        if (stem == reserved) {
            return true;
        }
    }
    return stem.size() == 4 && (stem.substr(0, 3) == "com" || stem.substr(0, 3) == "lpt") &&
           stem[3] >= '0' && stem[3] <= '9';
}

} // namespace

std::optional<std::string> nameProblem(std::string_view name, bool atRoot) {
    if (name.empty()) {
        return "пустое имя";
    }
    if (name == "." || name == "..") {
        return fmt::format("имя «{}» ведёт за пределы папки", name);
    }
    if (name.size() > kMaxNameBytes) {
        return fmt::format("имя длиннее {} байт ({} байт): такой файл не примет индекс поиска",
                           kMaxNameBytes, name.size());
    }
    for (char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) {
            return "в имени управляющий символ";
        }
        if (c == '/' || c == '\\') {
            return "в имени косая черта";
        }
        if (c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|') {
            return fmt::format("в имени символ «{}», недопустимый в Windows", c);
        }
    }
    if (core::findInvalidUtf8(name) != std::string_view::npos) {
        return "имя не в кодировке UTF-8";
    }
    const std::string compared = folded(name);
    if (compared == ".git" || compared == "git~1") {
        return "имя служебной папки git";
    }
    if (compared.rfind(".git", 0) == 0 && !atRoot) {
        return "служебные файлы git (.gitattributes, .gitmodules, …) бывают только в корне";
    }
    if (name.back() == '.' || name.back() == ' ') {
        return "имя оканчивается точкой или пробелом — в Windows такого файла не будет";
    }
    if (windowsReserved(compared)) {
        return "зарезервированное в Windows имя устройства (CON, NUL, COM1, …)";
    }
    return std::nullopt;
}

} // namespace sufler::kb
