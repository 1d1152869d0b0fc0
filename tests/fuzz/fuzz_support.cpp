#include "fuzz_support.h"

#include "sufler/core/error.h"
#include "sufler/core/text.h"
#include "sufler/kb/kb.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include <unistd.h>

namespace sufler::fuzz {

void fail(std::string_view what, std::string_view detail) {
    std::fprintf(stderr, "fuzz: %.*s\n", static_cast<int>(what.size()), what.data());
    if (!detail.empty()) {
        std::fprintf(stderr, "  %.*s\n", static_cast<int>(detail.size()), detail.data());
    }
    std::fflush(stderr);
    std::abort();
}

int lineCount(std::string_view text) {
    int lines = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool crlf = text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
        lines += (text[i] == '\n' || (text[i] == '\r' && !crlf)) ? 1 : 0;
    }
    return lines;
}

void checkUtf8(std::string_view text, std::string_view what) {
    if (const auto bad = core::findInvalidUtf8(text); bad != std::string_view::npos) {
        fail(fmt::format("{}: not UTF-8 at byte {}", what, bad), text);
    }
}

void checkDiagnostics(const Diagnostics& diagnostics, std::string_view path, int lines) {
    for (const auto& d : diagnostics) {
        const std::string shown = d.format();
        require(d.path == path, "a diagnostic names another file", shown);
        require(d.line >= 0 && d.line <= lines,
                fmt::format("a diagnostic names line {} of a file of {} lines", d.line, lines),
                shown);
        require(!d.message.empty(), "a diagnostic says nothing", shown);
        checkUtf8(d.message, "a diagnostic");
    }
}

// --- the import bench ---------------------------------------------------------------------

namespace {

// Thrown to roll back the transaction an import ran in.
struct RollBack {};

void checkIncoming(const journal::IncomingCall& c) {
    for (const std::string* s :
         {&c.receivedAt, &c.phone, &c.callerName, &c.callerBirthYear, &c.municipality, &c.question,
          &c.organizations, &c.operatorName, &c.note, &c.closedAt, &c.source}) {
        checkUtf8(*s, "an imported incoming call");
    }
    require(c.number > 0, "an imported incoming call has no number");
}

void checkOutgoing(const journal::OutgoingCall& c) {
    for (const std::string* s : {&c.calledAt, &c.calleeContact, &c.municipality, &c.question,
                                 &c.organization, &c.operatorName, &c.note, &c.source}) {
        checkUtf8(*s, "an imported outgoing call");
    }
    require(c.number > 0, "an imported outgoing call has no number");
}

} // namespace

ImportBench::ImportBench(std::string_view fileName) {
    std::string pattern = (std::filesystem::temp_directory_path() / "sufler-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        fail("cannot create a temp folder", pattern);
    }
    m_dir = pattern;
    m_file = m_dir / std::string(fileName);
    // The lists of the demo KB, so that values outside them are warned about as in real use.
    Diagnostics diagnostics;
    m_lists = kb::loadProfile(kb::defaultKbRoot(), diagnostics);
    m_journal =
        std::make_unique<journal::Journal>(journal::Journal::open(m_dir / "journal.sqlite"));
}

ImportBench::~ImportBench() {
    m_journal.reset();
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
}

void ImportBench::run(std::string_view content) {
    {
        std::ofstream out(m_file, std::ios::binary | std::ios::trunc);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        require(out.good(), "cannot write the register", m_file.string());
    }
    const std::string path = m_file.string();
    const bool csv = m_file.extension() == ".csv";
    bool rolledBack = false;
    try {
        m_journal->transaction([&] {
            journal::ImportResult result;
            try {
                result = journal::importRegister(*m_journal, m_file, m_lists);
            } catch (const Error& e) {
                // A file that cannot be imported at all: one line, naming the file.
                const std::string_view message = e.what();
                require(message.starts_with(path + ":"), "an import error does not name the file",
                        message);
                require(message.find('\n') == std::string_view::npos,
                        "an import error takes more than one line", message);
                checkUtf8(message, "an import error");
                throw RollBack{};
            }
            require(result.incoming >= 0 && result.outgoing >= 0 && result.badRows >= 0 &&
                        result.duplicates >= 0,
                    "negative counts in an import result");
            for (const auto& d : result.diagnostics) {
                const std::string shown = d.format();
                // An xlsx register names its sheet: `file[sheet]`.
                require(d.path == path || (!csv && d.path.starts_with(path + "[")),
                        "an import diagnostic names another file", shown);
                require(d.line >= 0, "an import diagnostic names a negative line", shown);
                require(!csv || d.line <= lineCount(content),
                        "an import diagnostic names a line past the end of the CSV", shown);
                require(!d.message.empty(), "an import diagnostic says nothing", shown);
                checkUtf8(shown, "an import diagnostic");
            }
            // What the result counts is what the journal holds (it was empty before).
            const auto incoming = m_journal->incomingCalls();
            const auto outgoing = m_journal->outgoingCalls();
            require(static_cast<int>(incoming.size()) == result.incoming,
                    fmt::format("{} incoming calls counted, {} stored", result.incoming,
                                incoming.size()));
            require(static_cast<int>(outgoing.size()) == result.outgoing,
                    fmt::format("{} outgoing calls counted, {} stored", result.outgoing,
                                outgoing.size()));
            std::for_each(incoming.begin(), incoming.end(), checkIncoming);
            std::for_each(outgoing.begin(), outgoing.end(), checkOutgoing);
            throw RollBack{};
        });
    } catch (const RollBack&) {
        rolledBack = true;
    }
    require(rolledBack, "the import transaction was not rolled back");
}

} // namespace sufler::fuzz
