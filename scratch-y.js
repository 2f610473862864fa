const {parseDocument, LineCounter, Parser} = require('yaml'); const fs=require('fs');
const text=fs.readFileSync('/tmp/pi/org-1000.yaml','utf8');
for (let i=0;i<4;i++){ let t=performance.now(); const lc=new LineCounter(); const d=parseDocument(text,{lineCounter:lc,uniqueKeys:false,prettyErrors:true,strict:true}); const t1=performance.now(); d.toJS(); console.log('parse',(t1-t).toFixed(0),'toJS',(performance.now()-t1).toFixed(0));}
let t=performance.now(); let n=0; for (const tok of new Parser().parse(text)) n++; console.log('cst only', (performance.now()-t).toFixed(0));
