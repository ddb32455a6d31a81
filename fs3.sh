#!/bin/bash
. /tmp/walk24b/.venv/bin/activate
show(){ rc=$?; echo "[$1] rc=$rc"; grep -h -m3 -E 'Traceback|Error|error|warning|interrupted' o.txt | cut -c1-300; grep -q Traceback o.txt && { echo "  TRACEBACK:"; grep -E '^\w+(Error|Exception)' o.txt | tail -1; grep -E '^  File "/tmp/walk24b/qualcode' o.txt | tail -2; }; }
mk(){ umount /tmp/w/fs/$1/$2 2>/dev/null; umount /tmp/w/fs/$1 2>/dev/null; rm -rf /tmp/w/fs/$1; mkdir -p /tmp/w/fs; cp -r /tmp/w/base /tmp/w/fs/$1; cd /tmp/w/fs/$1; }
ro(){ mount --bind $1 $1 && mount -o remount,ro,bind $1; }
O=/tmp/w/o.txt
mk erofs_reports; ro /tmp/w/fs/erofs_reports/reports; qualcode run > o.txt 2>&1; show erofs_reports_run; sum1=$(md5sum .qualcode/project.db); 
mk erofs_store; ro /tmp/w/fs/erofs_store/.qualcode; qualcode status > $O 2>&1; cp $O o.txt; show erofs_store_status; qualcode run > $O 2>&1; cp $O o.txt; show erofs_store_run; qualcode code add com-ketua-rw:14 --code leadership-commitment > $O 2>&1; cp $O o.txt; show erofs_store_add; qualcode display show case_by_dimension > $O 2>&1; cp $O o.txt; show erofs_store_display; qualcode code list --format json > $O 2>&1; cp $O o.txt; show erofs_store_codelist;  qualcode code explain com-ketua-rw:14 > $O 2>&1; cp $O o.txt; show erofs_store_explain
mk erofs_all; cd /tmp/w/fs; ro /tmp/w/fs/erofs_all; cd erofs_all; qualcode status > $O 2>&1; cp $O /tmp/w/o2.txt; cd /tmp/w; cp o2.txt o.txt; show erofs_all_status; cd /tmp/w/fs/erofs_all; qualcode run > $O 2>&1; cd /tmp/w; cp o.txt o.bak 2>/dev/null; cp $O o.txt; show erofs_all_run; cd /tmp/w/fs/erofs_all; qualcode display show case_by_dimension > $O 2>&1; cd /tmp/w; cp $O o.txt; show erofs_all_display
umount /tmp/w/fs/erofs_all /tmp/w/fs/erofs_store/.qualcode /tmp/w/fs/erofs_reports/reports 2>/dev/null
