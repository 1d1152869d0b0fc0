#include "config/workstation_config.h"

#include "sufler/core/error.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

extern char** environ;

namespace sufler::config {

namespace fs = std::filesystem;

namespace {

constexpr std::array<std::string_view, 4> kKeys = {kKb, kRepository, kJournal, kOperator};

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r");
    return std::string(text.substr(first, last - first + 1));
}

std::string home() {
    const char* value = std::getenv("HOME");
    return value != nullptr ? value : "";
}

// `~` and `~/…` are the user's home: one system file serves every operator of the machine.
std::string expandHome(const std::string& text, const fs::path& file, int line) {
    if (text != "~" && !text.starts_with("~/")) {
        return text;
    }
    const std::string dir = home();
    if (dir.empty()) {
        throw Error(
            fmt::format("{}:{}: «~» в пути, но переменная HOME не задана", file.string(), line));
    }
    return dir + text.substr(1);
}

// A connection string of the journal's server; anything else is a file.
bool isConnectionString(const std::string& text) {
    return text.starts_with("postgresql://") || text.starts_with("postgres://") ||
           text.find('=') != std::string::npos;
}

} // namespace

std::optional<std::string> WorkstationConfig::get(std::string_view key) const {
    const auto found = values.find(key);
    if (found == values.end()) {
        return std::nullopt;
    }
    return found->second.text;
}

fs::path systemConfigPath() {
    if (const char* path = std::getenv("SUFLER_SYSTEM_CONFIG"); path != nullptr && *path != '\0') {
        return path;
    }
    return "/etc/sufler/sufler.conf";
}

fs::path userConfigPath() {
    if (const char* dir = std::getenv("XDG_CONFIG_HOME");
        dir != nullptr && *dir != '\0' && fs::path(dir).is_absolute()) {
        return fs::path(dir) / "sufler" / "sufler.conf";
    }
    const std::string dir = home();
    if (dir.empty()) {
        return {};
    }
    return fs::path(dir) / ".config" / "sufler" / "sufler.conf";
}

void readConfigFile(const fs::path& file, WorkstationConfig& config) {
    std::error_code ec;
    if (file.empty() || !fs::exists(file, ec)) {
        return;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw Error(fmt::format("{}: не удалось прочитать файл настроек: {}", file.string(),
                                std::strerror(errno)));
    }
    config.files.push_back(file);
    std::string raw;
    int line = 0;
    while (std::getline(in, raw)) {
        ++line;
        if (line == 1 && raw.starts_with("\xEF\xBB\xBF")) { // a BOM left by a Windows editor
            raw.erase(0, 3);
        }
        const std::string text = trim(raw);
        if (text.empty() || text.front() == '#') {
            continue;
        }
        const auto equals = text.find('=');
        if (equals == std::string::npos) {
            throw Error(fmt::format("{}:{}: нет «=»: строка настроек пишется как «ключ = значение»",
                                    file.string(), line));
        }
        const std::string key = trim(std::string_view(text).substr(0, equals));
        std::string value = trim(std::string_view(text).substr(equals + 1));
        if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
            throw Error(fmt::format("{}:{}: неизвестный ключ «{}»; допустимы: kb, repository, "
                                    "journal, operator",
                                    file.string(), line, key));
        }
        if (value.empty()) { // `key =` takes back what a file read earlier set
            config.values.erase(key);
            continue;
        }
        if (key == kKb || key == kJournal) {
            value = expandHome(value, file, line);
            const bool path = key == kKb || !isConnectionString(value);
            if (path && !fs::path(value).is_absolute()) {
                throw Error(fmt::format("{}:{}: {} — нужен полный путь (/… или ~/…), а не «{}»",
                                        file.string(), line, key, value));
            }
        }
        config.values[key] = Value{value, file, line};
    }
}

WorkstationConfig loadWorkstationConfig() {
    WorkstationConfig config;
    readConfigFile(systemConfigPath(), config);
    readConfigFile(userConfigPath(), config);
    return config;
}

void applyDefaults(CLI::App& app, const WorkstationConfig& config) {
    static const std::array<std::pair<std::string_view, std::string_view>, 3> kOptions = {{
        {"--kb", kKb},
        {"--journal", kJournal},
        {"--operator", kOperator},
    }};
    for (const auto& [name, key] : kOptions) {
        const auto value = config.get(key);
        if (!value) {
            continue;
        }
        if (CLI::Option* option = app.get_option_no_throw(std::string(name))) {
            // The callback stores the default in the option's variable now; a value given on
            // the command line overwrites it during the parse.
            option->run_callback_for_default()->default_val(*value);
            option->required(false);
        }
    }
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
        applyDefaults(*sub, config);
    }
}

std::optional<std::string> cloneIfConfigured(const fs::path& kb, const WorkstationConfig& config) {
    const auto configured = config.get(kKb);
    const auto repository = config.get(kRepository);
    if (!configured || !repository) {
        return std::nullopt;
    }
    std::error_code ec;
    if (fs::absolute(kb, ec).lexically_normal() != fs::path(*configured).lexically_normal() ||
        fs::exists(kb, ec)) {
        return std::nullopt;
    }
    fs::create_directories(fs::path(*configured).parent_path(), ec);
    // The git program, not libgit2: it uses the workstation's SSH keys and credential helpers.
    std::vector<std::string> args = {"git", "clone", "--quiet", "--", *repository, *configured};
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        throw Error(fmt::format("{}: не удалось запустить git для клонирования {}: {}",
                                configured->c_str(), *repository, std::strerror(spawned)));
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw Error(fmt::format("{}: не удалось клонировать центральный репозиторий базы знаний "
                                "{} (git clone завершился с кодом {}); проверьте repository в {}",
                                *configured, *repository,
                                WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                                config.values.at(std::string(kRepository)).file.string()));
    }
    return fmt::format("база знаний склонирована из {} в {}", *repository, *configured);
}

} // namespace sufler::config
