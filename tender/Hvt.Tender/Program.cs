return 1; // replaced by the component owner
