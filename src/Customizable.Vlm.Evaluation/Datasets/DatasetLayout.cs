namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>The folder or file layouts a dataset can have; see <see cref="DatasetReader"/> for each layout's expected structure.</summary>
public enum DatasetLayout
{
    /// <summary>MVTec AD: <c>CAT/train/good/*</c>, <c>CAT/test/&lt;type&gt;/*</c>, optional <c>CAT/ground_truth/&lt;defect&gt;/&lt;name&gt;_mask.png</c>. Command-line name <c>mvtec</c>.</summary>
    MvtecAd = 0,

    /// <summary>MVTec 3D-AD (RGB and masks): <c>CAT/train/good/rgb/*</c>, <c>CAT/test/&lt;type&gt;/{rgb,gt}/*</c>; the <c>xyz</c> point clouds are not read. Command-line name <c>mvtec3d</c>.</summary>
    Mvtec3dAd = 1,

    /// <summary>MVTec LOCO AD: <c>CAT/train/good/*</c>, <c>CAT/test/{good,logical_anomalies,structural_anomalies}/*</c>, masks
    /// <c>CAT/ground_truth/&lt;type&gt;/NNN.png</c> or <c>CAT/ground_truth/&lt;type&gt;/NNN/*.png</c>. Command-line name <c>loco</c>.</summary>
    MvtecLoco = 2,

    /// <summary>The original Customizable-VLM JSON manifest: a list of
    /// <c>{"object_type", "defect_img_path", "good_img_path", "label", "defect_type"}</c> with label 1 = normal, 0 = anomalous.
    /// Command-line name <c>manifest</c>.</summary>
    Manifest = 3,

    /// <summary>UCSD anomaly detection (Ped1, Ped2) as frame folders: <c>CAT/testing/frames/NN/*.jpg</c> per test clip (clip <c>NN</c> =
    /// entry <c>NN</c> of the one <c>CAT/*.m</c> frame-label file), <c>CAT/training/frames/NN/*</c> normal clips, optional masks
    /// <c>CAT/testing/gt_masks/TestNNN/*</c>. Every frame is a test item. Command-line name <c>ucsd</c>.</summary>
    Ucsd = 4,
    /// <summary>Anomaly-ShapeNet point clouds: <c>CAT/train/*.pcd</c>, <c>CAT/test/*.pcd</c> (names with <c>positive</c> are normal),
    /// <c>CAT/GT/&lt;name&gt;.txt</c> with one <c>x,y,z,label</c> line per point of each anomalous test cloud. Command-line name
    /// <c>anomaly-shapenet</c>.</summary>
    AnomalyShapeNet = 5,

    /// <summary>MVTec 3D-AD point clouds: the organized float XYZ TIFFs <c>CAT/train/good/xyz/*.tiff</c> and
    /// <c>CAT/test/&lt;type&gt;/xyz/*.tiff</c> (all-zero pixel = missing point), with the per-pixel masks <c>CAT/test/&lt;type&gt;/gt/*.png</c>
    /// mapped to point labels through the grid. Detected when the test type folders have <c>xyz</c> but no <c>rgb</c> folders;
    /// command-line name <c>mvtec3d-xyz</c>.</summary>
    Mvtec3dAdXyz = 6,
}
