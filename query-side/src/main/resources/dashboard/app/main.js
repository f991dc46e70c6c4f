// The dashboard's entry: the token of a link (#token=...) is taken before anything renders, then the shell starts.
import { captureTokenFromAddress } from './shell/session.js';

captureTokenFromAddress();
await import('./shell/app-shell.js');
