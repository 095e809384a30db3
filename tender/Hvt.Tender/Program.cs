return Solo5Net.Hvt.Tender.TenderProgram.Run(args);
