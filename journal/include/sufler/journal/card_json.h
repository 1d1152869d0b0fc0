#pragma once
// A call card as JSON, and back: what `sufler journal show --json` and `list --json` print,
// and what a workstation's outbox keeps. Values read as people read them («м», «да»,
// «удовлетворен»); a card written and read back is the same card.
#include "sufler/journal/journal.h"

#include <nlohmann/json.hpp>

namespace sufler::journal {

[[nodiscard]] nlohmann::json toJson(const IncomingCall& call);
// Throws sufler::Error when the JSON is not a card.
[[nodiscard]] IncomingCall incomingFromJson(const nlohmann::json& json);

// An outgoing call's row (Приложение 2), as `sufler journal list --outgoing --json` prints it.
[[nodiscard]] nlohmann::json toJson(const OutgoingCall& call);
// Throws sufler::Error when the JSON is not an outgoing call's row.
[[nodiscard]] OutgoingCall outgoingFromJson(const nlohmann::json& json);

} // namespace sufler::journal
