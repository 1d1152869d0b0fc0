#pragma once
// File helpers of the kb module, and the shared text helpers under the names its parts use.
#include "sufler/core/text.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace sufler::kb::detail {

// Shared with every module in sufler/core/text.h; named here for the loader's parts.
using core::appendUtf8;
using core::decodeUtf8;
using core::findInvalidUtf8;
using core::lineOfOffset;
using core::splitTrimmed;
using core::startsWith;
using core::toLowerUtf8;
using core::trim;

// A whole file read or written as bytes (a file of the program's own making, not a KB file:
// those go through readRegularFile); throws sufler::Error naming the file.
[[nodiscard]] std::string readWhole(const std::filesystem::path& path);
// Creates the parent folders; replaces the file.
void writeWhole(const std::filesystem::path& path, std::string_view content);

} // namespace sufler::kb::detail
