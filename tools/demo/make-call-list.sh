#!/usr/bin/env bash
# The demo call list of an informing campaign (docs/campaigns.md), as a district sends it:
# CSV saved by Russian Excel (Windows-1251, `;`) and the same list as xlsx. Every name and
# number here is made up; a real call list is personal data and is never kept in the KB or
# in the sources. Two rows are wrong on purpose — a number too short and a family listed
# twice — to show what the import reports.
#
#   tools/demo/make-call-list.sh [OUT_DIR]     (default: docs/examples)
#
# Needs iconv, and LibreOffice (soffice) for the xlsx.
set -euo pipefail

out=${1:-$(dirname "$0")/../../docs/examples}
mkdir -p "$out"
name=campaign-call-list
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/$name.csv" <<'CSV'
№ п/п;Ф.И.О.;Телефон;Муниципальное образование;Категория;Примечание
1;Примерова Анна Сергеевна;8 (900) 000-01-01;Заречный район;многодетная семья;звонить после 17:00
2;Образцов Пётр Ильич;+7 900 000-01-02;Заречный район;многодетная семья;
3;Демонстрационная Ольга Викторовна;89000000103;Заречный район;многодетная семья;
4;Условный Игорь Павлович;8-900-000-01-04;Приозёрный район;многодетная семья;
5;Вымышленная Дарья Андреевна;8 900 000 01 05;Приозёрный район;многодетная семья;есть удостоверение
6;Тестовая Ирина Олеговна;01-05;Приозёрный район;многодетная семья;номер неполный
7;Образцов П. И.;+7 (900) 000-01-02;Заречный район;многодетная семья;повтор строки 2
CSV
# Excel writes CRLF and Windows-1251
sed 's/$/\r/' "$tmp/$name.csv" | iconv -f UTF-8 -t WINDOWS-1251 >"$out/$name.csv"

# xlsx from the UTF-8 text: `;`, `"`, UTF-8 (76), the first line a header; all columns as text
# so that the phones keep their spelling.
soffice --headless --norestore \
    -env:UserInstallation=file://"$tmp"/lo-profile \
    --infilter="CSV:59,34,76,1,1/2/2/2/3/2/4/2/5/2/6/2" \
    --convert-to xlsx --outdir "$tmp" "$tmp/$name.csv" >/dev/null
mv "$tmp/$name.xlsx" "$out/$name.xlsx"
echo "$out/$name.csv (Windows-1251), $out/$name.xlsx"
