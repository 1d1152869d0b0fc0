#pragma once
// Setting up a team's journal on a PostgreSQL server (`sufler journal init-server`).
#include <string>

namespace sufler::journal {

// Run once by the server's administrator (a role that may create roles and owns the
// database): makes the journal's tables, and the group roles
//   sufler_operator — writes calls, deferred answers and signals, reads the journal;
//   sufler_manager  — the same, and deletes (purge) and moves journals in (migrate);
// with their rights on every table, given again by every later schema step. People's login
// roles are then made members (`CREATE ROLE anna LOGIN IN ROLE sufler_operator`). Returns how
// the journal is named (describe()). Throws sufler::Error; refuses a file journal.
std::string initServer(const std::string& where);

} // namespace sufler::journal
