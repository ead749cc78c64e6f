import { render } from 'preact';
import '../../components/review/review.css';
import './dashboard.css';
import { App, startApp } from './App';

startApp();
render(<App />, document.getElementById('app')!);
