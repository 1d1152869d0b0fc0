#pragma once
// The tests' view of the console: a JSON file rewritten (on the worker, through a temporary
// file) whenever what the console shows changes — the search, the entry, the call card, the
// script run, the queue, the status line, and the figures of the frame loop.
#include <deque>
#include <filesystem>
#include <string>

namespace sufler::console {

class ApplicantDesk;
class CallbacksView;
class CallSession;
class EntryView;
class ModeScreens;
class OperatorPrompt;
class OutgoingView;
class RingView;
class HistoryView;
class SearchView;
class StatusView;
class Worker;
struct KbSnapshot;

// Frame timings the window measures, reported through the state file.
struct FrameStats {
    double firstFrameMs = -1;        // process start → first frame on screen
    std::deque<double> typingFrames; // CPU time of frames with keyboard input, newest last
    double lastFrameMs = 0;
};

// What the state file is made from, as of this frame.
struct StateSources {
    Worker& worker;
    const KbSnapshot* snapshot;
    const SearchView& search;
    const EntryView& entry;
    const CallbacksView& callbacks;
    const StatusView& status; // the senior operator's panel
    const CallSession& session;
    const ModeScreens& screens;
    bool helpOpen = false;
    std::string focus; // what has the keyboard: "search", "card:ФИО"…, or ""
    const std::string& clipboard;
    const std::string& message;
    const std::string& emptySearchRecorded;
    const FrameStats& stats;
    const OperatorPrompt& operatorPrompt; // «Кто работает за пультом?»
    const std::string& operatorName;      // who works at this console; "" = not said
    const OutgoingView& outgoing;         // an outgoing call's window (F5)
    const HistoryView& history;           // the caller's earlier calls
    const ApplicantDesk* desk = nullptr;  // the applicant card and consultations of the call
    const RingView* rings = nullptr;      // the PBX's rings: listening, waiting, the last opened
    bool journalAway = false; // the status line's «нет связи с сервером журнала»
};

class StateFile {
public:
    explicit StateFile(std::filesystem::path path) : m_path(std::move(path)) {}
    // Writes the file when something in it changed; nothing when no path was given.
    void publish(const StateSources& sources);

private:
    std::filesystem::path m_path;
    std::string m_last;
};

} // namespace sufler::console
