// import-report.md: what to check first (guesses, conflicts, what was not imported), then every
// file with what it became.
#include "sufler/importer/import.h"

#include <fmt/format.h>

#include <map>

namespace sufler::importer {

namespace {

std::string_view statusText(FileStatus status) {
    switch (status) {
    case FileStatus::Imported:
        return "перенесён";
    case FileStatus::Unchanged:
        return "без изменений";
    case FileStatus::Skipped:
        return "пропущен";
    case FileStatus::Failed:
        return "не перенесён";
    }
    return "";
}

std::string_view changeText(EntryChange change) {
    switch (change) {
    case EntryChange::Added:
        return "добавлена";
    case EntryChange::Updated:
        return "обновлена";
    case EntryChange::Unchanged:
        return "без изменений";
    case EntryChange::Removed:
        return "удалена (её больше нет в документе)";
    case EntryChange::Conflict:
        return "конфликт";
    case EntryChange::Duplicate:
        return "повтор";
    }
    return "";
}

} // namespace

std::string formatReport(const ImportReport& report) {
    std::string out = "# Отчёт об импорте с сетевого диска\n\n";
    out += fmt::format("- Папка диска: `{}`\n- База знаний: `{}`\n", report.source.string(),
                       report.kb.string());
    if (report.dryRun) {
        out += "- **Пробный прогон (--dry-run): в базу знаний ничего не записано.**\n";
    } else if (!report.author.empty()) {
        out += fmt::format("- Коммиты от имени: {}\n", report.author);
    }
    std::map<FileStatus, int> byStatus;
    std::map<EntryChange, int> byChange;
    for (const auto& file : report.files) {
        ++byStatus[file.status];
        for (const auto& e : file.entries) {
            ++byChange[e.change];
        }
    }
    out += fmt::format("\n## Итог\n\n- Файлов: {}: перенесено {}, без изменений {}, пропущено {}, "
                       "не перенесено из-за ошибок {}.\n",
                       report.files.size(), byStatus[FileStatus::Imported],
                       byStatus[FileStatus::Unchanged], byStatus[FileStatus::Skipped],
                       byStatus[FileStatus::Failed]);
    out += fmt::format("- Записей: добавлено {}, обновлено {}, удалено {}, без изменений {}, "
                       "конфликтов {}, повторов {}.\n",
                       byChange[EntryChange::Added], byChange[EntryChange::Updated],
                       byChange[EntryChange::Removed], byChange[EntryChange::Unchanged],
                       byChange[EntryChange::Conflict], byChange[EntryChange::Duplicate]);
    if (!report.dryRun) {
        if (report.commits.empty()) {
            out += "- Ничего не изменилось: коммитов нет.\n";
        }
        for (const auto& commit : report.commits) {
            out += fmt::format("- Коммит {} — {}\n", commit.id.substr(0, 7), commit.what);
        }
    }

    out += "\n## Проверьте вручную\n\n";
    bool any = false;
    for (const auto& file : report.files) {
        for (const auto& guess : file.guesses) {
            out += fmt::format("- `{}`: {}\n", file.path, guess);
            any = true;
        }
    }
    if (!any) {
        out += "Догадок нет.\n";
    }

    out += "\n## Конфликты\n\n";
    any = false;
    for (const auto& file : report.files) {
        for (const auto& e : file.entries) {
            if (e.change == EntryChange::Conflict) {
                out += fmt::format("- `{}` → `{}#{}`: {}\n", file.path, e.file, e.key, e.note);
                any = true;
            }
        }
    }
    if (!any) {
        out += "Конфликтов нет.\n";
    }

    out += "\n## Повторы\n\n";
    any = false;
    for (const auto& d : report.duplicates) {
        out += fmt::format("- Вопрос «{}» есть в нескольких документах: {}\n", d.title,
                           fmt::join(d.sources, "; "));
        any = true;
    }
    for (const auto& file : report.files) {
        for (const auto& e : file.entries) {
            if (e.change == EntryChange::Duplicate) {
                out += fmt::format("- `{}`: {} «{}» — {}\n", file.path, e.kind, e.title, e.note);
                any = true;
            }
        }
    }
    if (!any) {
        out += "Повторов нет.\n";
    }

    out += "\n## Не перенесено\n\n";
    any = false;
    for (const auto& file : report.files) {
        if (file.status == FileStatus::Failed || file.status == FileStatus::Skipped) {
            out +=
                fmt::format("- `{}` — {}: {}\n", file.path, statusText(file.status), file.reason);
            any = true;
        }
    }
    for (const auto& [folder, slug] : report.answered) {
        out +=
            fmt::format("- Папка «{}» отнесена к разделу {} по ответу при запуске\n", folder, slug);
    }
    if (!report.unknownFolders.empty()) {
        out += fmt::format("- Папки без отдела (добавьте их в файл --map): {}\n",
                           fmt::join(report.unknownFolders, ", "));
        any = true;
    }
    if (!any) {
        out += "Перенесено всё.\n";
    }

    out += "\n## По файлам\n";
    for (const auto& file : report.files) {
        out += fmt::format("\n### `{}`\n\n- {}", file.path, statusText(file.status));
        if (!file.department.empty()) {
            out += fmt::format(", раздел {}", file.department);
        }
        if (!file.reason.empty()) {
            out += fmt::format(" — {}", file.reason);
        }
        out += "\n";
        for (const auto& e : file.entries) {
            out += fmt::format("- {} «{}» → `{}#{}`: {}{}\n", e.kind, e.title, e.file, e.key,
                               changeText(e.change), e.note.empty() ? "" : " — " + e.note);
        }
        for (const auto& a : file.attachments) {
            out += fmt::format("- вложение → `{}`\n", a);
        }
    }
    return out;
}

} // namespace sufler::importer
