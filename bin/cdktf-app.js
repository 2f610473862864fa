// The cdktf app (cdktf.json): compiled output when current, else the sources via tsx.
require('./launch').launch('main');
