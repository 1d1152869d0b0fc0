// The Xapian index of a KB. Filled in by the indexer module.
namespace sufler::indexer {
} // namespace sufler::indexer
