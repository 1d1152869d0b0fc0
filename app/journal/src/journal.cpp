// The call journal (SQLite). Filled in by the journal module.
namespace sufler::journal {
} // namespace sufler::journal
