#pragma once
// Bringing a hotline's existing registers into the journal: xlsx, or CSV as Russian Excel
// writes it (`;`, quoted fields, UTF-8 with or without BOM, or Windows-1251). Columns are
// recognised by the titles of Приложение 1 and 2, wherever the header row is.
#include "sufler/core/error.h"
#include "sufler/core/xlsx_reader.h"
#include "sufler/journal/fields.h"
#include "sufler/journal/journal.h"
#include "sufler/kb/model.h"

#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace sufler::journal {

// The lists of sufler.yaml the call card offers (`municipalities`, and the optional
// `operators` and `organizations`) with the calendar overrides for due dates: the
// organisation profile as the kb library reads it.
using ReferenceLists = kb::Profile;

// Reads `<kbRoot>/sufler.yaml` with the kb library; throws sufler::Error, naming the file and
// line, when it is missing or broken.
[[nodiscard]] ReferenceLists loadReferenceLists(const std::filesystem::path& kbRoot);

enum class RegisterKind { Incoming, Outgoing };

struct ImportResult {
    int incoming = 0;   // rows imported into the register of incoming calls
    int outgoing = 0;   // … of outgoing calls
    int badRows = 0;    // rows reported as errors and skipped
    int duplicates = 0; // rows already in the journal, skipped
    // Rows with text that are no calls: a signature or a remark (each with a warning), and the
    // rows after the end of a register (counted under the warning that marks the end).
    int notCalls = 0;
    Diagnostics diagnostics; // `FILE:LINE: error|warning: …`, in file order
};

// Imports every register found in the file (an xlsx may hold both, one per sheet). Good rows
// go in, all in one transaction; bad rows are reported by line and skipped; values outside
// the lists are kept as written with a warning. Throws sufler::Error when the file cannot be
// read at all, holds no register, or is a CSV whose quotes cannot be taken apart into rows
// (a quote never closed): then nothing is written.
// Columns are recognised by the card fields' titles and variants (sufler/journal/fields.h), and
// the municipality column also by `municipality_title` of sufler.yaml; a column is read as its
// field reads `key=value`. `fields` are the card fields' tables unless a test gives its own.
struct ImportFields {
    std::span<const IncomingField> incoming = incomingFields();
    std::span<const OutgoingField> outgoing = outgoingFields();
};
ImportResult importRegister(Journal& journal, const std::filesystem::path& file,
                            const ReferenceLists& lists, const ImportFields& fields = {});

// The tables and the xlsx reader are core's (the network-drive import reads xlsx too).
using core::readXlsx;
using core::Table;
using core::TableRow;
// A CSV file; the separator (`;`, `,` or tab) and the encoding are detected. Read by
// core::parseCsv: LF, CRLF and CR line ends; throws sufler::Error naming the file and line of a
// quote that is never closed.
[[nodiscard]] Table readCsv(const std::filesystem::path& file);

} // namespace sufler::journal
