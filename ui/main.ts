import './components/cds-app.ts';
